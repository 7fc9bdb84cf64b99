/**
 * Shortens text to at most `max` characters (code points: 𠮷 is one) at a sensible boundary — the
 * last sentence or clause end in the final 40 % — else mid-text, ending with "…". Never cuts inside
 * a character people see as one (a flag, a keycap, an emoji joined with ZWJ, a letter and its
 * marks), and closes every bracket or quote the cut left open: "关于（小规模纳税人…）", not "关于（小规模纳税人…".
 */
export function shortenText(text: string, max: number): { text: string; shortened: boolean } {
  const trimmed = text.trim();
  if ([...trimmed].length <= max) return { text: trimmed, shortened: false };
  const units = graphemes(trimmed);
  // Closing brackets take room too: try shorter cuts until the cut, its "…" and its closers fit.
  for (let budget = max - 1; budget >= 0;) {
    const shortened = cut(units, budget, max);
    const over = size(shortened) - max;
    if (over <= 0) return { text: shortened, shortened: true };
    budget -= Math.ceil(over / 2); // each grapheme left out may take its closer with it
  }
  return { text: '', shortened: true };
}

/** Brackets and quotes whose pairs must stay whole: opener → closer (a straight double quote is both). */
const PAIRS: Record<string, string> = {
  '（': '）', '(': ')', '【': '】', '[': ']', '《': '》', '〈': '〉', '「': '」', '『': '』', '“': '”', '‘': '’',
  '〔': '〕', '［': '］', '｛': '｝', '{': '}', '〖': '〗', '〘': '〙', '〚': '〛', '﹙': '﹚', '﹝': '﹞', '"': '"',
};
const OPENER_OF = new Map(Object.entries(PAIRS).map(([open, close]) => [close, open]));

/** The closers a piece of text needs, innermost first (an author's stray opener is closed too). */
export function unclosedBrackets(text: string): string {
  const open: string[] = [];
  for (const c of text) {
    if (c === '"') {
      if (open.at(-1) === '"') open.pop();
      else open.push(c);
    } else if (PAIRS[c]) open.push(c);
    else if (OPENER_OF.has(c)) {
      const at = open.lastIndexOf(OPENER_OF.get(c)!);
      if (at >= 0) open.splice(at);
    }
  }
  return open.reverse().map((o) => PAIRS[o]).join('');
}

function cut(units: string[], budget: number, max: number): string {
  // The first `budget` code points, whole graphemes only.
  const room: string[] = [];
  const through: number[] = []; // code points up to and including room[i]
  let used = 0;
  for (const unit of units) {
    used += size(unit);
    if (used > budget) break;
    room.push(unit);
    through.push(used);
  }
  const floor = Math.floor(max * 0.6);
  const close = (kept: string) => `${kept}${unclosedBrackets(kept)}`;
  for (let i = room.length - 1; i >= 0 && through[i] > floor; i -= 1) {
    if (/^[。！？；!?;]$/u.test(room[i])) return close(room.slice(0, i + 1).join(''));
  }
  for (let i = room.length - 1; i >= 0 && through[i] > floor; i -= 1) {
    if (/^[，、：,:\s]$/u.test(room[i])) return close(`${room.slice(0, i).join('')}…`);
  }
  return close(`${room.join('').trimEnd()}…`);
}

const size = (text: string) => [...text].length;
const segmenter = new Intl.Segmenter('zh', { granularity: 'grapheme' });
const graphemes = (text: string) => [...segmenter.segment(text)].map((s) => s.segment);
