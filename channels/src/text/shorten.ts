/**
 * Shortens text to at most `max` characters (code points: 𠮷 is one) at a sensible boundary — the
 * last sentence or clause end in the final 40 % — else mid-text, ending with "…". Never cuts inside
 * a character people see as one (a flag, a keycap, an emoji joined with ZWJ, a letter and its
 * marks), and closes every bracket or quote the cut left open: "关于（小规模纳税人…）", not "关于（小规模纳税人…".
 */
export function shortenText(text: string, max: number): { text: string; shortened: boolean } {
  const chars = [...text.trim()];
  if (chars.length <= max) return { text: chars.join(''), shortened: false };
  // Closing brackets take room too: try shorter cuts until the cut, its "…" and its closers fit.
  for (let budget = max - 1; budget >= 0;) {
    const shortened = cut(chars, budget, max);
    const over = size(shortened) - max;
    if (over <= 0) return { text: shortened, shortened: true };
    budget -= Math.ceil(over / 2); // each character left out may take its closer with it
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

function cut(chars: string[], budget: number, max: number): string {
  const end = wholeEnd(chars, budget);
  const floor = Math.floor(max * 0.6);
  const close = (kept: string) => `${kept}${unclosedBrackets(kept)}`;
  for (let i = end - 1; i >= floor; i -= 1) {
    if (/^[。！？；!?;]$/u.test(chars[i]) && wholeEnd(chars, i + 1) === i + 1) return close(chars.slice(0, i + 1).join(''));
  }
  for (let i = end - 1; i >= floor; i -= 1) {
    if (/^[，、：,:\s]$/u.test(chars[i]) && wholeEnd(chars, i) === i) return close(`${chars.slice(0, i).join('')}…`);
  }
  return close(`${chars.slice(0, end).join('').trimEnd()}…`);
}

/**
 * The nearest end at or before `end` that does not split a character people see as one: not
 * before a combining mark, variation selector, skin tone, keycap or tag, not after a ZWJ, not
 * between the two regional indicators of a flag. (Intl.Segmenter does this too, but takes seconds
 * on a 5,000-character field in V8.)
 */
// Tested one code point at a time, so marks and ZWJ in the class are meant alone.
// eslint-disable-next-line no-misleading-character-class
const JOINS_PREVIOUS = /^[\p{M}\u200d\ufe00-\ufe0f\u20e3\u{1F3FB}-\u{1F3FF}\u{E0020}-\u{E007F}\u{E0100}-\u{E01EF}]$/u;
const REGIONAL = /^[\u{1F1E6}-\u{1F1FF}]$/u;
function wholeEnd(chars: string[], end: number): number {
  let e = Math.min(end, chars.length);
  while (e > 0 && e < chars.length && (JOINS_PREVIOUS.test(chars[e]) || chars[e - 1] === '\u200d')) e -= 1;
  let flags = 0;
  for (let i = e - 1; i >= 0 && REGIONAL.test(chars[i]); i -= 1) flags += 1;
  if (flags % 2 === 1 && e < chars.length && REGIONAL.test(chars[e])) e -= 1;
  return e;
}

const size = (text: string) => [...text].length;
