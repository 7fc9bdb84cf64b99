import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type * as opentype from 'opentype.js';
import { loadOpentype, loadSubsetFont } from '../media/libraries';
import { fallbackFacesOf } from '../media/fallback-faces';
import { FONT_FILES } from '../media/fonts';

/**
 * The kiosk's font: the bundled Source Han Sans SC cut down (harfbuzz, via subset-font) to the
 * characters a terminal shows — about 15 KB of WOFF2 instead of 8 MB — so terminals never depend
 * on their own fonts and sync quickly over a village connection. 生僻字 in the items (names,
 * villages) that Source Han Sans lacks are cut from the fallback font and merged into the same
 * file (opentype.js; outlines scaled to the main font's em), so the terminal still loads and
 * caches one font.
 *
 * The interface's own words are read from the kiosk templates themselves (every character of
 * templates/kiosk/*.hbs and *.js), so a new label can never be missing from the font (正在同步
 * once was: 正 was not in a hand-kept list).
 */
const KIOSK_TEMPLATES = path.join(path.dirname(require.resolve('@tongyuan/templates/package.json')), 'kiosk');
// Printable ASCII always goes in: numbers and dates are formatted on the terminal.
const ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');

let uiText: string | undefined;
/** Every character of the kiosk templates (markup, labels, messages of the app script). */
export function kioskInterfaceText(): string {
  uiText ??= readdirSync(KIOSK_TEMPLATES).filter((file) => /\.(hbs|js)$/.test(file)).sort()
    .map((file) => readFileSync(path.join(KIOSK_TEMPLATES, file), 'utf8')).join('');
  return uiText;
}

let source: Buffer | undefined;

export async function kioskFont(text: string): Promise<Buffer> {
  const subsetFont = loadSubsetFont();
  const opentype = loadOpentype();
  source ??= readFileSync(FONT_FILES.regular);
  const characters = [...new Set([...`${ASCII}${kioskInterfaceText()}${text}`])].filter((ch) => !/[\p{Cc}\p{Cs}]/u.test(ch)).join('');
  const rare = fallbackFacesOf(text);
  if (rare.length === 0) return subsetFont(source, characters, { targetFormat: 'woff2' });
  // No hinting: harfbuzz then also inlines the CFF subroutines, which opentype.js would otherwise have to resolve per glyph.
  const outlinesOnly = { targetFormat: 'truetype' as const, noHinting: true, noLayoutClosure: true }; // noHinting: subset-font has it, its types don't
  const main = opentype.parse(arrayBufferOf(await subsetFont(source, characters, outlinesOnly)));
  const glyphs: opentype.Glyph[] = Array.from({ length: main.glyphs.length }, (_, i) => main.glyphs.get(i));
  for (const face of rare) {
    const part = opentype.parse(arrayBufferOf(await subsetFont(readFileSync(face.source), String.fromCodePoint(...face.codePoints), { targetFormat: 'truetype', noLayoutClosure: true })));
    const scale = main.unitsPerEm / part.unitsPerEm;
    for (let i = 1; i < part.glyphs.length; i++) {
      const glyph = part.glyphs.get(i);
      const path = new opentype.Path();
      path.commands = glyph.path.commands.map((command) => scaled(command, scale));
      glyphs.push(new opentype.Glyph({ name: `u${glyph.unicode?.toString(16)}`, unicode: glyph.unicode, advanceWidth: Math.round((glyph.advanceWidth ?? part.unitsPerEm) * scale), path }));
    }
  }
  const merged = new opentype.Font({ familyName: 'TY Kiosk', styleName: 'Regular', unitsPerEm: main.unitsPerEm, ascender: main.ascender, descender: main.descender, glyphs });
  // harfbuzz once more, for WOFF2 (opentype.js writes OTF only).
  return subsetFont(Buffer.from(merged.toArrayBuffer()), characters, { targetFormat: 'woff2' });
}

const arrayBufferOf = (data: Buffer) => data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;

function scaled(command: opentype.PathCommand, scale: number): opentype.PathCommand {
  const out: Record<string, unknown> = { type: command.type };
  for (const [key, value] of Object.entries(command)) if (key !== 'type') out[key] = Math.round((value as number) * scale);
  return out as unknown as opentype.PathCommand;
}
