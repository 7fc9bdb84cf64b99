import type { HelperOptions, TemplateDelegate } from 'handlebars';
import { textToSvg, type Weight } from './glyphs';
import { loadResvg } from './libraries';

/**
 * Fills an SVG layout from `templates/` and rasterizes it with resvg. Text reaches the SVG as
 * glyph outlines through the `text` helper (see glyphs.ts), so no font is loaded here and the
 * machine's fonts can never leak in.
 */
const helpers = {
  /** {{{text value x=160 y=200 size=64 weight="bold" fill="#fff" anchor="middle"}}} */
  text(value: unknown, options: HelperOptions) {
    const h = options.hash as { x: number; y: number; size: number; weight?: Weight; fill?: string; anchor?: 'start' | 'middle' };
    return textToSvg({ text: String(value ?? ''), x: Number(h.x), y: Number(h.y), size: Number(h.size), weight: h.weight, fill: h.fill ?? '#fff', anchor: h.anchor });
  },
};

export function fillSvg<T>(template: TemplateDelegate<T>, context: T): string {
  return template(context, { helpers });
}

const RESVG_OPTIONS = { font: { loadSystemFonts: false }, fitTo: { mode: 'original' as const } };

function rasterize(svg: string) {
  const { Resvg } = loadResvg();
  return new Resvg(svg, RESVG_OPTIONS).render();
}

/** A PNG, for images people download (covers, cards). */
export const svgToPng = (svg: string): Buffer => rasterize(svg).asPng();

/** Raw RGBA pixels, for frames handed straight to the encoder (no PNG encode and decode). */
export function svgToRgba(svg: string): { rgba: Buffer; width: number; height: number } {
  const image = rasterize(svg);
  return { rgba: image.pixels, width: image.width, height: image.height };
}

/** The same off the main thread (libuv's pool): two renders at once use two cores. */
export async function svgToRgbaAsync(svg: string): Promise<{ rgba: Buffer; width: number; height: number }> {
  const image = await loadResvg().renderAsync(svg, RESVG_OPTIONS);
  return { rgba: image.pixels, width: image.width, height: image.height };
}
