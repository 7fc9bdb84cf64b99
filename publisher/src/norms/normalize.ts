import { loadOpencc } from '../libraries';

/** Traditional (including Hong Kong and Taiwan forms) to mainland simplified, as the dictionary is written: its tables built with the first text matched. */
let simplifier: ((text: string) => string) | undefined;
const toSimplified = (text: string) => (simplifier ??= loadOpencc().Converter({ from: 't', to: 'cn' }))(text);

/**
 * The text as the dictionary is matched against it: full-width Latin letters and digits folded to
 * half-width (NFKC) and traditional characters to simplified, with every character of the result
 * mapped back to where it stood, so a finding points at what the author wrote.
 */
export interface MatchText { text: string; origin: number[] }

export function normalizeForMatching(source: string): MatchText {
  const chars: string[] = [];
  const origin: number[] = [];
  let at = 0;
  for (const ch of source) {
    const folded = ch.normalize('NFKC');
    // NFKC may expand one character into several (㈱ → (株)); each keeps the position it came from.
    for (const unit of folded) {
      chars.push(unit);
      origin.push(at);
    }
    at += ch.length;
  }
  origin.push(at);
  const joined = chars.join('');
  const simplified = toSimplified(joined);
  // Character-for-character conversions keep the length; a phrase conversion that changed it is undone
  // character by character, so positions stay right.
  if ([...simplified].length === chars.length) return { text: simplified, origin: originByUnits(simplified, origin) };
  const perChar = chars.map((c) => ([...toSimplified(c)].length === 1 ? toSimplified(c) : c)).join('');
  return { text: perChar, origin: originByUnits(perChar, origin) };
}

/** The origin table is per code point; matches come as UTF-16 offsets: one entry per code unit. */
function originByUnits(text: string, byCodePoint: number[]): number[] {
  const out: number[] = [];
  let i = 0;
  for (const ch of text) {
    for (let u = 0; u < ch.length; u += 1) out.push(byCodePoint[i]);
    i += 1;
  }
  out.push(byCodePoint[byCodePoint.length - 1]);
  return out;
}
