import type { ArtifactRef, RenderContext } from '../channel';
import { RenditionRefused } from '../channel';
import { AUTHOR_IMAGE_LIMITS, checkAuthorImage } from '../images/author-image';

// What browsers and feed readers show; a TIFF from a scanner is left out with the reason.
const MIME: Record<string, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif' };
const ENTITIES: Record<string, string> = { '&amp;': '&', '&quot;': '"', '&#39;': "'", '&lt;': '<', '&gt;': '>' };

/**
 * Images an author put into rich text (from the CMS's media library: `/uploads/…`, or a
 * MEDIA_ORIGINS store) become files of the rendition, so a page or feed shows them from the
 * publisher's own `/files/` — the portal never sends readers to the CMS or to a third party.
 * An image that is not the media library's, is gone, or fails the header check (size, format,
 * 40 MP) is left out and named in `leftOut`; the text stays. Works on sanitized HTML only.
 */
export async function storeBodyImages(html: string, ctx: RenderContext, options: { base: string }): Promise<{ html: string; artifacts: ArtifactRef[]; leftOut: string[] }> {
  const artifacts: ArtifactRef[] = [];
  const leftOut: string[] = [];
  const stored = new Map<string, string | null>(); // src → new src (null: left out)
  for (const [, src] of html.matchAll(/<img\b[^>]*?\ssrc="([^"]*)"/g)) {
    if (stored.has(src)) continue;
    const url = src.replace(/&(amp|quot|#39|lt|gt);/g, (entity) => ENTITIES[entity]);
    try {
      const bytes = await ctx.readMedia({ url, mime: '', width: null, height: null, alt: '' }, AUTHOR_IMAGE_LIMITS.bytes);
      const { format } = await checkAuthorImage(bytes, '正文图片');
      if (!MIME[format]) throw new RenditionRefused(`正文图片的格式（${format}）网页无法显示：请改用 JPEG、PNG 或 WebP`);
      const name = `body-${artifacts.length + 1}.${format === 'jpeg' ? 'jpg' : format}`;
      const artifact = await ctx.writeArtifact(name, MIME[format], bytes);
      artifacts.push(artifact);
      stored.set(src, `${options.base}/files/${artifact.sha256}/${encodeURIComponent(name)}`);
    } catch (error) {
      if (!(error instanceof RenditionRefused)) throw error; // the CMS down: retried, not silently dropped
      // Says which image it is (the message from reading it may be about any upload) and that only the image is missing.
      leftOut.push(`正文图片 ${url.slice(0, 120)} 未显示（正文其余部分照常发布）：${error.message}`);
      stored.set(src, null);
    }
  }
  const out = html.replace(/<img\b[^>]*?\ssrc="([^"]*)"[^>]*>/g, (tag, src: string) => {
    const next = stored.get(src);
    return next ? tag.replace(`src="${src}"`, `src="${next}"`) : '';
  });
  return { html: out, artifacts, leftOut };
}
