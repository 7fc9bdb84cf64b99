/**
 * What of an author's text can be DRAWN (images, video frames, covers, 一图读懂): text is put in
 * NFC, and what a picture cannot show is left out, each kind said once in plain Chinese. A
 * rendition never fails for these: an emoji, a flag or an invisible control is not part of the
 * meaning a poster carries, while a missing letter of a name is (that is fonts.ts's business).
 *
 * Pure: which characters a font can draw is passed in (`canDraw`), so the same rules serve
 * images, videos, kiosks and PDFs.
 */

/** Kinds of characters left out of drawn text, as an author would recognise them. */
export type DroppedKind = 'emoji' | 'flag' | 'keycap' | 'variant' | 'mark' | 'invisible' | 'broken';

const SAID: Record<DroppedKind, string> = {
  emoji: '表情符号不会出现在{medium}里',
  flag: '旗帜符号不会出现在{medium}里',
  keycap: '带方框的数字符号在{medium}里只显示其中的数字',
  variant: '汉字的异体字选择符已去掉，{medium}里按常用字形显示',
  mark: '无法显示的附加符号（如单独的声调、上下加点）已去掉',
  invisible: '不可见的控制字符（零宽字符、文字方向控制符等）已去掉',
  broken: '损坏的字符（不完整的编码）已去掉',
};

/** The sentence an author reads for a kind of character dropped from a medium (图片、视频…). */
export const droppedMessage = (kind: DroppedKind, medium = '图片和视频') => SAID[kind].replace('{medium}', medium);

// Order matters: whole sequences go before their parts (a family emoji is one emoji, not four plus three joiners).
const KEYCAP = /([0-9#*])\uFE0F?\u20E3/gu;
const FLAG = /\p{Regional_Indicator}{1,2}|\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F}/gu;
// The v flag (sequence properties) is newer than the compile target, so the expression is built at run time.
const EMOJI = new RegExp('\\p{RGI_Emoji}|\\p{Emoji_Modifier}', 'gv');
const IDEOGRAPHIC_VARIANT = /[\u{E0100}-\u{E01EF}\uFE00-\uFE0D]/gu;
const BIDI_AND_CONTROLS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069\u061C]|[^\P{Cc}\t\n\r]|\p{Cf}|\p{Default_Ignorable_Code_Point}/gu;
// A lone surrogate (with the u flag only a half without its pair matches), U+FFFD (where a decoder met
// one already) and unassigned code points.
const BROKEN = /\p{Cs}|\uFFFD|\p{Cn}/gu;
const MARK = /\p{M}/u;
const SPACE = /\s/u;

/** Text in NFC without lone surrogates and unassigned code points (they cannot be encoded or drawn). */
export function normalizeText(text: string): { text: string; broken: boolean } {
  let broken = false;
  const whole = text.replace(BROKEN, () => ((broken = true), ''));
  return { text: whole.normalize('NFC'), broken };
}

export interface Drawable {
  /** What is drawn. */
  text: string;
  /** Which kinds were left out, in the order first met. */
  dropped: DroppedKind[];
}

/**
 * The text as it is drawn. `canDraw` says whether the fonts have a glyph for a code point: a
 * pictograph with text presentation that a font has (©, ☎) is drawn as a character; a combining
 * mark is kept only on a base that is kept and when the font has it. Whitespace is left as it is.
 */
export function drawableText(input: string, canDraw: (codePoint: number) => boolean = () => true): Drawable {
  const dropped = new Set<DroppedKind>();
  const { text: normal, broken } = normalizeText(input);
  if (broken) dropped.add('broken');
  const take = (kind: DroppedKind, keep = '') => () => {
    dropped.add(kind);
    return keep;
  };
  let text = normal.replace(KEYCAP, (_m, digit: string) => (dropped.add('keycap'), digit));
  text = text.replace(FLAG, take('flag'));
  text = text.replace(EMOJI, (emoji: string) => {
    // A single character with text presentation (©, ®, ™, ☎, ↔) is a symbol the font may draw.
    const chars = [...emoji];
    if (chars.length === 1 && !/\p{Emoji_Presentation}/u.test(emoji) && canDraw(emoji.codePointAt(0)!)) return emoji;
    dropped.add('emoji');
    return '';
  });
  text = text.replace(IDEOGRAPHIC_VARIANT, take('variant'));
  text = text.replace(BIDI_AND_CONTROLS, (ch: string) => {
    // Tabs and line breaks are whitespace, collapsed by the layout, not dropped; the rest is invisible.
    dropped.add(/\p{Extended_Pictographic}/u.test(ch) ? 'emoji' : 'invisible');
    return '';
  });
  // Pictographs left over (not in any RGI sequence, e.g. a lone skin-tone modifier's base).
  text = text.replace(/\p{Extended_Pictographic}/gu, (ch: string) => (!/\p{Emoji_Presentation}/u.test(ch) && canDraw(ch.codePointAt(0)!) ? ch : (dropped.add('emoji'), '')));
  // Combining marks need a drawn base and a glyph of their own.
  let out = '';
  let base = false;
  for (const ch of text) {
    if (MARK.test(ch)) {
      if (base && canDraw(ch.codePointAt(0)!)) out += ch;
      else dropped.add('mark');
      continue;
    }
    base = !SPACE.test(ch);
    out += ch;
  }
  return { text: out, dropped: [...dropped] };
}

/** Characters of already-drawable text that no font can draw (each once), in order. */
export function undrawable(text: string, canDraw: (codePoint: number) => boolean): string[] {
  const missing = new Set<string>();
  for (const ch of text) if (!SPACE.test(ch) && !canDraw(ch.codePointAt(0)!)) missing.add(ch);
  return [...missing];
}

/** How a character no font has is named to an author: itself, and its code for one that is hard to see. */
export const nameOfCharacter = (ch: string) => {
  const code = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return /[\p{L}\p{N}\p{P}\p{S}]/u.test(ch) ? `“${ch}”（${code}）` : code;
};
