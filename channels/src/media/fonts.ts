import path from 'node:path';
import * as fontkit from 'fontkit';

/**
 * The bundled CJK font (Source Han Sans SC, OFL, from the npm package node-source-han-sans-sc),
 * loaded by path: images and video frames never depend on the machine's fonts. It covers
 * Extension B characters such as 𠮷 but no emoji, so text is checked before it is drawn.
 */
const PACKAGE_DIR = path.dirname(require.resolve('node-source-han-sans-sc/package.json'));

export const FONT_FAMILY = 'Source Han Sans SC';
export const FONT_FILES = {
  regular: path.join(PACKAGE_DIR, 'SourceHanSansSC-Regular.otf'),
  bold: path.join(PACKAGE_DIR, 'SourceHanSansSC-Bold.otf'),
};

let regular: fontkit.Font | undefined;
function font(): fontkit.Font {
  regular ??= fontkit.openSync(FONT_FILES.regular) as fontkit.Font;
  return regular;
}

/** Whether the font has each code point asked about so far: every drawn string is checked, and fontkit's lookup is not free. */
const covered = new Map<number, boolean>();
const hasGlyph = (codePoint: number) => {
  let known = covered.get(codePoint);
  if (known === undefined) covered.set(codePoint, (known = font().hasGlyphForCodePoint(codePoint)));
  return known;
};

/** Characters the bundled font cannot draw (each listed once), so a caller can refuse or say what it will drop. */
export function missingGlyphs(text: string): string[] {
  const missing = new Set<string>();
  for (const ch of text) {
    if (/\s/u.test(ch)) continue;
    if (!hasGlyph(ch.codePointAt(0)!)) missing.add(ch);
  }
  return [...missing];
}

/** Emoji and pictographs, which the bundled font does not have. */
export const PICTOGRAPH = /\p{Extended_Pictographic}\uFE0F?/gu;

/** Text as it is drawn: emoji have no glyph and can't be read across a square, so drawn text leaves them out. */
export const forScreen = (text: string) => text.replace(PICTOGRAPH, '').replace(/\s+/g, ' ').trim();
