import { AhoCorasick } from '@monyone/aho-corasick';
import { NORM_KIND_LABELS, SEVERITY_LABELS, type CanonicalName, type NormEntry, type NormKind, type Severity } from './entries';
import { normalizeForMatching } from './normalize';

/** A place in an author's text that breaks the norms, with what to write instead. */
export interface NormFinding {
  kind: NormKind;
  severity: Severity;
  /** What the text says there (as written) and where (UTF-16 offsets into the text checked). */
  found: string;
  start: number;
  end: number;
  /** The replacement to apply in one click; null for a forbidden phrase with no replacement. */
  suggestion: string | null;
  source: string;
  message: string;
}

type Pattern =
  | { role: 'wrong'; entry: NormEntry }
  | { role: 'correct' }
  | { role: 'name-anchor'; name: CanonicalName; at: 'head' | 'tail' };

/** Wrong forms this short are checked against word boundaries: as substrings of longer words they are often right. */
const SHORT = 3;
/**
 * Names at least this long are checked for near misses: 莒县教育局 and 莒县体育局 are both real
 * and one character apart, names of six or more characters one character off are misspellings.
 */
const NEAR_MISS_MIN = 6;
/** An old name written after 原 / 前 names the former body on purpose (原国家卫生和计划生育委员会, 原县国土资源局); punctuation in either width ends it (folded text has ASCII commas: "年底前，环境保护部" is no former name). */
const FORMER = /[原前][^，。；、：,.;:!?\s]{0,6}$/;

/**
 * The norms dictionary compiled once per version into one Aho–Corasick automaton
 * (@monyone/aho-corasick, a maintained multi-pattern matcher): every wrong form, every right form and canonical name (a wrong form
 * inside a right one is not an error: 按装 in 按装修标准 is not 安装), and the first and last two
 * characters of each long canonical name the CMS knows, whose near misses (one character changed, added
 * or missing) are likely misspelled names (一般: a heuristic; a known wrong variant is an entry of its own). Text is folded (full-width, traditional) before matching.
 */
export class NormsMatcher {
  private readonly automaton: AhoCorasick;
  /** What each dictionary string stands for (a string may be a wrong form, a right form and a name's anchor at once). */
  private readonly meaning = new Map<string, Pattern[]>();
  private readonly segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
  readonly size: number;

  constructor(entries: readonly NormEntry[], names: readonly CanonicalName[] = [], readonly version = '') {
    const patterns: Array<{ pattern: string; data: Pattern }> = [];
    const correct = new Set<string>();
    for (const entry of entries) {
      patterns.push({ pattern: fold(entry.wrong), data: { role: 'wrong', entry } });
      if (entry.right) correct.add(fold(entry.right));
    }
    for (const name of names) {
      const n = fold(name.name);
      correct.add(n);
      if ([...n].length >= NEAR_MISS_MIN) {
        const chars = [...n];
        patterns.push({ pattern: chars.slice(0, 2).join(''), data: { role: 'name-anchor', name: { ...name, name: n }, at: 'head' } });
        patterns.push({ pattern: chars.slice(-2).join(''), data: { role: 'name-anchor', name: { ...name, name: n }, at: 'tail' } });
      }
    }
    for (const c of correct) patterns.push({ pattern: c, data: { role: 'correct' } });
    for (const p of patterns) this.meaning.set(p.pattern, [...(this.meaning.get(p.pattern) ?? []), p.data]);
    this.automaton = new AhoCorasick([...this.meaning.keys()]);
    this.size = entries.length + names.length;
  }

  check(source: string): NormFinding[] {
    if (!source) return [];
    const { text, origin } = normalizeForMatching(source);
    // Every occurrence of every dictionary string (UTF-16 offsets), once per meaning.
    const matches = this.automaton.matchInText(text).flatMap((m) => this.meaning.get(m.keyword)!.map((data) => ({ start: m.begin, end: m.end, data })));
    const correct = matches.filter((m) => m.data.role === 'correct');
    const findings: NormFinding[] = [];
    const seen = new Set<string>();
    const add = (f: NormFinding) => {
      const key = `${f.start}:${f.end}`;
      if (seen.has(key)) return;
      seen.add(key);
      findings.push(f);
    };
    for (const m of matches) {
      const { data } = m;
      if (data.role === 'wrong') {
        const { entry } = data;
        // A right form covering more than the wrong one (the wrong form is part of a correct word).
        if (correct.some((c) => c.start <= m.start && c.end >= m.end && c.end - c.start > m.end - m.start)) continue;
        if ([...entry.wrong].length <= SHORT && !this.onWordBoundaries(text, m.start, m.end)) continue;
        if (entry.kind === 'outdated' && FORMER.test(text.slice(Math.max(0, m.start - 7), m.start))) continue;
        add(findingOf(entry, source, origin[m.start], origin[m.end]));
      } else if (data.role === 'name-anchor') {
        const miss = nearMiss(text, m.start, m.end, data.name.name, data.at);
        if (miss && !correct.some((c) => c.start <= miss.start && c.end >= miss.end)) {
          const found = source.slice(origin[miss.start], origin[miss.end]);
          add({
            // A heuristic, so a warning: 由市工业和信息化局会同市财政局 (会同 = together with) is one character off 会同县财政局.
            kind: 'name', severity: 'general', found, start: origin[miss.start], end: origin[miss.end], suggestion: data.name.name, source: data.name.of,
            message: `“${found}”疑似写错，规范名称是“${data.name.name}”（${data.name.of}）`,
          });
        }
      }
    }
    return findings.sort((a, b) => a.start - b.start);
  }

  /** Whether the match starts and ends between words as a Chinese word segmenter sees the text around it. */
  private onWordBoundaries(text: string, start: number, end: number): boolean {
    const from = Math.max(0, start - 8);
    const window = text.slice(from, Math.min(text.length, end + 8));
    const cuts = new Set<number>([0, window.length]);
    for (const s of this.segmenter.segment(window)) cuts.add(s.index);
    return cuts.has(start - from) && cuts.has(end - from);
  }
}

const fold = (s: string) => normalizeForMatching(s).text;

function findingOf(entry: NormEntry, source: string, start: number, end: number): NormFinding {
  const found = source.slice(start, end);
  const label = `${NORM_KIND_LABELS[entry.kind]}，${SEVERITY_LABELS[entry.severity]}`;
  const instead = entry.right
    ? entry.kind === 'outdated' ? `已改为“${entry.right}”${entry.since ? `（${entry.since} 起）` : ''}` : `应为“${entry.right}”`
    : '不宜使用，请改写';
  return { kind: entry.kind, severity: entry.severity, found, start, end, suggestion: entry.right, source: entry.source, message: `“${found}”${instead}（${label}；来源：${entry.source}）` };
}

/**
 * The stretch of text next to an anchor that is a canonical name with one character changed,
 * added or missing (editDistanceIsOne), or null. Names are long enough (six or more
 * characters, NEAR_MISS_MIN) that one edit away is a misspelling, not another name.
 */
function nearMiss(text: string, start: number, end: number, name: string, at: 'head' | 'tail'): { start: number; end: number } | null {
  const length = name.length;
  const exact = at === 'head' ? start : end - length;
  if (text.slice(exact, exact + length) === name) return null; // the name itself, followed or preceded by more text
  for (const len of [length, length - 1, length + 1]) {
    const s = at === 'head' ? start : end - len;
    const e = s + len;
    if (s < 0 || e > text.length) continue;
    const candidate = text.slice(s, e);
    if (candidate !== name && editDistanceIsOne(candidate, name)) return { start: s, end: e };
  }
  return null;
}

/**
 * One character changed, added or missing inside the name, not at its ends: a name shortened or
 * extended there (县融媒体中心, 莒县医疗保障局长) is usually written so on purpose.
 */
function editDistanceIsOne(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  const longer = Math.max(a.length, b.length);
  if (i === 0 || i >= longer - 1) return false;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
