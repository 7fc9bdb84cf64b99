import { RenditionRefused, type Channel, type PreflightContext, type RenderResult } from '../channel';
import { validUntil, type Interpretation } from '../document/types';
import { drawnFieldsOf, drawnTextFindings, forScreen, missingGlyphs } from '../media/fonts';
import { Preparation } from '../preparation';
import { nameOfCharacter } from '../text/unicode';
import { buildBooklets } from './booklets';
import { printContent, type PrintContent } from './content';
import { leafletLayout, renderLeaflet } from './leaflet';
import { posterLayout, renderPoster } from './poster';
import { printPreview } from './preview';
import { printRoutes } from './routes';

/**
 * Print for grid workers (网格员) going door to door: per interpretation an A4 明白纸 leaflet and
 * an A3 QR poster (PDF, fonts embedded, exact sizes, black text; what does not fit is left out or cut
 * and preflight says so, never refused for length); per brand column and per 政策清单 an A5 booklet
 * rebuilt by the follow-up when its interpretations or the list change (booklets.ts). Grid workers download
 * them from their county's page, /print/<county> (routes.ts).
 */
export interface PrintPayload {
  title: string;
  department: { code: string; name: string } | null;
  brandColumn: { code: string; name: string } | null;
  /** The sites it is on (their county is the page it is listed on). */
  sites: string[];
  /** Its basis documents (a 政策清单's booklet holds the interpretations resting on the list's documents); absent on renditions made before. */
  basisDocuments?: string[];
  validTo: string | null;
  /** What was printed, kept so a booklet can set it again without the document. */
  content: PrintContent;
  /** The leaflet's sides, and how many key points and Q&A it holds (the rest were left out, as preflight said). */
  leaflet: { file: string; pages: number; keyPointsKept: number; qaKept: number };
  poster: { file: string };
}

export const LEAFLET_FILE = 'leaflet.pdf';
export const POSTER_FILE = 'poster.pdf';

/** Every piece laid out (no file written): what preflight shows and render refuses on, from the same steps. */
async function prepare(doc: Interpretation, ctx: PreflightContext) {
  const preparation = new Preparation();
  const content = printContent(doc, ctx);
  await preparation.step('', () => refuseUnprintable(doc));
  // Length never refuses: what does not fit is left out or cut, and said here.
  const leaflet = leafletLayout(content, ctx.revisedOn);
  const poster = posterLayout(content, ctx.revisedOn);
  for (const note of [...leaflet.notes, ...poster.notes]) preparation.warn(note.field, note.message);
  if (doc.sites.length === 0) preparation.warn('sites', '没有选择站点：印刷品上的二维码指向门户首页，网格员的区县页面也不会列出它');
  preparation.drawnText(drawnTextFindings(drawnFieldsOf(doc), '印刷品'));
  return { preparation, content, leaflet, poster };
}

/** A character neither bundled font has would print as an empty box: refused, named. */
function refuseUnprintable(doc: Interpretation): void {
  for (const { field, text } of drawnFieldsOf(doc)) {
    const missing = missingGlyphs(forScreen(text));
    if (missing.length) {
      throw new RenditionRefused(`内置字体和生僻字补充字体都没有这些字，无法绘制：${missing.map(nameOfCharacter).join('、')}（请改用其他写法，或联系管理员补充字体）`, [{ level: 'error', field, message: '' }]);
    }
  }
}

export const printChannel: Channel<PrintPayload> = {
  code: 'print',
  name: '印刷品',

  accepts: (doc) => doc.kind === 'interpretation' && doc.channels.includes('print'),
  validToOf: (payload) => payload.validTo,
  routes: printRoutes,
  afterLive: (deps) => buildBooklets(deps),
  preview: (_doc, { payload, files }) => printPreview(payload, files),

  async preflight(doc, ctx) {
    if (doc.kind !== 'interpretation') return [];
    return (await prepare(doc, ctx)).preparation.findings();
  },

  async render(doc, ctx): Promise<RenderResult<PrintPayload>> {
    if (doc.kind !== 'interpretation') throw new Error('印刷品只印政策解读');
    const { preparation, content } = await prepare(doc, ctx);
    preparation.throwIfRefused();
    const leaflet = await renderLeaflet(content, ctx.revisedOn);
    await ctx.reportProgress(50);
    const poster = await renderPoster(content, ctx.revisedOn);
    const artifacts = [
      await ctx.writeArtifact(LEAFLET_FILE, 'application/pdf', leaflet.pdf),
      await ctx.writeArtifact(POSTER_FILE, 'application/pdf', poster.pdf),
    ];
    return {
      payload: {
        title: doc.title,
        department: doc.department ? { code: doc.department.code, name: doc.department.name } : null,
        brandColumn: doc.brandColumn ? { code: doc.brandColumn.code, name: doc.brandColumn.name } : null,
        sites: doc.sites.map((s) => s.code),
        basisDocuments: doc.basis.map((b) => b.policy.documentId),
        validTo: validUntil(doc),
        content,
        leaflet: { file: LEAFLET_FILE, pages: leaflet.layout.pages, keyPointsKept: leaflet.layout.keyPointsKept, qaKept: leaflet.layout.qaKept },
        poster: { file: POSTER_FILE },
      },
      artifacts,
      listings: [],
    };
  },
};
