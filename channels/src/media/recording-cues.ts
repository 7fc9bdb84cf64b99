/**
 * Where each sentence of the narration script lies in a human recording (人声配音). The reader
 * reads the script's sentences in order and pauses between them; ffmpeg's silencedetect finds the
 * pauses, and the stretches between them are speech spans. When there is one span per sentence
 * each sentence is its span. Readers also pause inside a sentence (at a comma) and run two
 * sentences together, so in general every boundary between two sentences is placed where the
 * characters read so far say it should be (its share of all characters, in speaking time) and
 * moved to the nearest pause if one is near enough — longer pauses preferred — else left inside
 * a span at that proportional point. One alignment (dynamic programming) chooses all boundaries
 * together, in order, each pause used at most once. Pure: numbers in, numbers out.
 */
export interface Span { start: number; end: number }
export interface TimedSentence { text: string; start: number; end: number }

/** A boundary left inside speech costs as much as a pause this many seconds off its proportional place. */
const UNSNAPPED_COST = 2;
/** Each second of pause a boundary sits in counts this many seconds in its favour (sentence pauses are longer than comma pauses). */
const PAUSE_WEIGHT = 1.5;

/** The speech between the pauses: the recording's length less its silences (silences as ffmpeg reported them). */
export function speechSpans(silences: Span[], seconds: number, minSpeech = 0.05): Span[] {
  const spans: Span[] = [];
  let at = 0;
  for (const silence of [...silences].sort((a, b) => a.start - b.start)) {
    if (silence.start - at >= minSpeech) spans.push({ start: at, end: silence.start });
    at = Math.max(at, silence.end);
  }
  if (seconds - at >= minSpeech) spans.push({ start: at, end: seconds });
  return spans;
}

/** Each sentence's start and end in the recording, in order (characters counted without spaces). */
export function alignSentences(sentences: string[], spans: Span[]): TimedSentence[] {
  if (sentences.length === 0) return [];
  if (spans.length === 0) throw new Error('录音中没有找到语音');
  const weights = sentences.map((s) => Math.max(1, [...s.replace(/\s+/g, '')].length));
  const total = weights.reduce((a, b) => a + b, 0);
  // Speaking time: the recording with its pauses taken out, so characters map to time evenly.
  const before: number[] = [];
  let speaking = 0;
  for (const span of spans) {
    before.push(speaking);
    speaking += span.end - span.start;
  }
  const boundaries = sentences.length - 1;
  const pauses = spans.slice(1).map((span, i) => ({ at: before[i + 1], length: span.start - spans[i].end, from: spans[i].end, to: span.start }));
  let read = 0;
  const targets = weights.slice(0, -1).map((w) => ((read += w) / total) * speaking);

  // cost[k][g]: the best placing of the first k boundaries using only the first g pauses.
  const cost = Array.from({ length: boundaries + 1 }, () => new Array<number>(pauses.length + 1).fill(Infinity));
  const choice = Array.from({ length: boundaries + 1 }, () => new Array<'skip' | 'snap' | 'inside'>(pauses.length + 1).fill('skip'));
  cost[0][0] = 0;
  for (let k = 0; k <= boundaries; k++) {
    for (let g = 0; g <= pauses.length; g++) {
      if (k === 0 && g === 0) continue;
      const options: Array<[number, 'skip' | 'snap' | 'inside']> = [];
      if (g > 0) options.push([cost[k][g - 1], 'skip']);
      if (k > 0 && g > 0) options.push([cost[k - 1][g - 1] + Math.abs(pauses[g - 1].at - targets[k - 1]) - PAUSE_WEIGHT * pauses[g - 1].length, 'snap']);
      if (k > 0) options.push([cost[k - 1][g] + UNSNAPPED_COST, 'inside']);
      const best = options.reduce((a, b) => (b[0] < a[0] ? b : a));
      cost[k][g] = best[0];
      choice[k][g] = best[1];
    }
  }
  // Walk back: each boundary snapped to a pause (its edges) or left inside (placed afterwards).
  const placed: Array<{ end: number; start: number } | null> = new Array(boundaries).fill(null);
  for (let k = boundaries, g = pauses.length; k > 0 || g > 0;) {
    const step = choice[k][g];
    if (step === 'skip') g--;
    else if (step === 'snap') {
      placed[k - 1] = { end: pauses[g - 1].from, start: pauses[g - 1].to };
      k--;
      g--;
    } else k--;
  }
  const realTime = (at: number) => {
    let i = spans.length - 1;
    while (i > 0 && before[i] > at) i--;
    return Math.min(spans[i].end, spans[i].start + (at - before[i]));
  };
  const speakingTime = (t: number) => {
    const i = spans.findIndex((s) => t <= s.end);
    return i < 0 ? speaking : before[i] + Math.max(0, t - spans[i].start);
  };
  // Boundaries left inside speech: at their share of the characters between the snapped boundaries around them.
  for (let k = 0; k < boundaries; k++) {
    if (placed[k]) continue;
    let prev = k - 1;
    while (prev >= 0 && !placed[prev]) prev--;
    let next = k + 1;
    while (next < boundaries && !placed[next]) next++;
    const from = prev >= 0 ? speakingTime(placed[prev]!.start) : 0;
    const to = next < boundaries ? speakingTime(placed[next]!.end) : speaking;
    const chars = (a: number, b: number) => weights.slice(a, b).reduce((x, y) => x + y, 0);
    const share = chars(prev + 1, k + 1) / chars(prev + 1, next + 1);
    const t = realTime(from + (to - from) * share);
    placed[k] = { end: t, start: t };
  }
  return sentences.map((text, i) => ({
    text,
    start: round(i === 0 ? spans[0].start : placed[i - 1]!.start),
    end: round(i === boundaries ? spans[spans.length - 1].end : placed[i]!.end),
  }));
}

const round = (seconds: number) => Math.round(seconds * 1000) / 1000;
