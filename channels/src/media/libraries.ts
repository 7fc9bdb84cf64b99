/**
 * The renderers' heavy libraries, each read the first time a render, preview or page calls it,
 * not when its module is imported.
 *
 * Every publisher process imports every channel through the registry (the API for the channels'
 * pages, the worker for their renders), and reading all these libraries at start cost each API
 * and worker process about 1.5 CPU s, for libraries most processes never call (the API draws no
 * video frame; a worker with CHANNELS=web,feeds prints no PDF). Renderers stay pure functions of
 * their inputs: only when the library's code is read changes. A function that uses one starts with
 * `const sharp = loadSharp();` and goes on as with an import.
 */
export function onFirstUse<T>(load: () => T): () => T {
  let loaded: { value: T } | undefined;
  return () => (loaded ??= { value: load() }).value;
}

/** Fonts opened, shaped and measured (glyph outlines, the PDFs' embedded fonts). */
export const loadFontkit = onFirstUse(() => require('fontkit') as typeof import('fontkit'));
/** SVG rasterized (a native addon). */
export const loadResvg = onFirstUse(() => require('@resvg/resvg-js') as typeof import('@resvg/resvg-js'));
/** Bitmaps read, resized and encoded (libvips, a native addon). */
export const loadSharp = onFirstUse(() => require('sharp') as typeof import('sharp'));
/** Print PDFs drawn. */
export const loadPdfkit = onFirstUse(() => require('pdfkit') as typeof import('pdfkit'));
/** QR codes made. */
export const loadQrcode = onFirstUse(() => require('qrcode') as typeof import('qrcode'));
/** Fonts cut to the characters used (harfbuzz, WebAssembly). */
export const loadSubsetFont = onFirstUse(() => require('subset-font') as typeof import('subset-font'));
/** Glyphs merged into one font (the kiosk's). */
export const loadOpentype = onFirstUse(() => require('opentype.js') as typeof import('opentype.js'));
/** Authors' HTML cut to a channel's allow-list (htmlparser2 and postcss underneath). */
export const loadSanitizeHtml = onFirstUse(() => require('sanitize-html') as typeof import('sanitize-html'));
/** Subtitle files (SRT, WebVTT) written and read. */
export const loadSubtitle = onFirstUse(() => require('subtitle') as typeof import('subtitle'));
