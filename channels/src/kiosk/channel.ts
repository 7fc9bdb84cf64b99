import { kioskTemplates } from '@tongyuan/templates';
import type { Channel, PreflightContext, RenderResult } from '../channel';
import { splitPanels, type Explainer } from '../images/explainer';
import { basisLine, chinaDayOf, validUntil, type Interpretation, type OpenEvent } from '../document/types';
import { coverSvg, rasterizeCover } from '../images/covers';
import { eventFacts } from '../text/event-facts';
import { explainerFor } from '../images/interpretation-images';
import { drawnFieldsOf, drawnTextFindings } from '../media/fonts';
import { loadQrcode } from '../media/libraries';
import { Preparation } from '../preparation';
import { chineseDate } from '../text/chinese-date';
import { richText } from '../text/contract';
import { wellFormedHtml } from '../text/well-formed';
import { pagePath } from '../web/catalog';
import { kioskPreview } from './preview';
import { kioskRoutes } from './routes';

/**
 * Touch-screen terminals (Juxian's city study rooms, Huitong's township query terminals): per
 * interpretation an item page fragment in large type, the 一图读懂 as portrait slides for the
 * idle attract loop, and a QR code to the full web page. Terminals sync these through
 * /kiosk/<terminal>/manifest.json and show them without network. The body goes through the kiosk's
 * allow-list (text/contract.ts: links become text, no images).
 */
/** What a kiosk rendition records: the terminals it targets (with their settings), its last valid day, and the text its font must draw. */
export interface KioskPayload {
  title: string;
  digest: string;
  department: string;
  terminals: Array<{ code: string; name: string; orientation?: 'portrait' | 'landscape'; staleAfterHours?: number | null }>;
  validTo: string | null;
  text: string;
}

export const kioskChannel: Channel<KioskPayload> = {
  code: 'kiosk',
  name: '触摸屏终端',

  // Interpretations and 开放活动 (the event's facts in large type; its card is the attract slide; shown until the event ends).
  accepts: (doc) => doc.kind !== 'policy-document' && doc.channels.includes('kiosk') && doc.kioskTerminals.length > 0,
  preview: async (doc, { files }) => kioskPreview(doc, files),
  routes: kioskRoutes,
  validToOf: (payload) => payload.validTo,
  accounts: { platform: 'kiosk', kind: 'terminal' },

  async preflight(doc, ctx) {
    const preparation = new Preparation();
    if (doc.kind === 'policy-document') return [];
    // Not a refusal but worse: without a terminal the channel takes no rendition at all.
    if (doc.channels.includes('kiosk') && doc.kioskTerminals.length === 0) preparation.refuse('kioskTerminals', '选择了触摸屏渠道但没有选择终端：请选择要显示的查询终端');
    await preparation.step('explainer', () => slidesLayout(doc, ctx));
    preparation.drawnText(drawnTextFindings(drawnFieldsOf(doc), '图片'));
    return preparation.findings();
  },

  async render(doc, ctx): Promise<RenderResult<KioskPayload>> {
    if (doc.kind === 'policy-document') throw new Error('触摸屏只显示政策解读和开放活动');
    // First the part that can refuse, so a refused rendition writes nothing.
    const slidesLaidOut = await slidesLayout(doc, ctx);
    const site = doc.sites[0]?.code;
    const pageUrl = site ? `${ctx.publicUrl}${pagePath(doc, site)}` : ctx.publicUrl;
    // An event's page is dated with the day it takes place.
    const date = chineseDate(doc.kind === 'event' ? chinaDayOf(new Date(doc.startsAt)) : ctx.revisedOn);
    // An event taking registrations: the code opens its form, since a terminal has no keyboard for a phone number.
    const registers = doc.kind === 'event' && doc.capacity !== null && site !== undefined;
    const qrUrl = registers ? `${ctx.publicUrl}/sites/${site}/events/${doc.documentId}/register` : pageUrl;
    const qr = await ctx.writeArtifact('qr.svg', 'image/svg+xml', await loadQrcode().toString(qrUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }));
    const html = kioskTemplates.item({
      title: doc.title, digest: doc.digest, department: doc.department?.name ?? '', date, hotline: doc.department?.hotline || '12345',
      facts: doc.kind === 'event' ? eventFacts(doc).filter((f) => f.key !== 'department') : [],
      keyPoints: doc.kind === 'event' ? [] : doc.keyPoints, qa: doc.kind === 'event' ? [] : doc.qa, bodyHtml: wellFormedHtml(richText('kiosk', doc.body)),
      basis: doc.kind === 'event' ? [] : doc.basis.map(basisLine),
      // Registering: the code right under the facts, where the eye is; otherwise beside the hotline at the end.
      qr: `qr.svg`, register: registers,
    });
    const item = await ctx.writeArtifact('item.html', 'text/html; charset=utf-8', html);
    const panels = typeof slidesLaidOut === 'string' ? [await rasterizeCover(slidesLaidOut, ctx.cache)] : await splitPanels(slidesLaidOut, 9, ctx.cache);
    const slides = [];
    for (const [i, panel] of panels.entries()) slides.push(await ctx.writeArtifact(`slide-${i + 1}.png`, 'image/png', panel));
    return {
      payload: {
        title: doc.title, digest: doc.digest, department: doc.department?.name ?? '',
        terminals: doc.kioskTerminals.map((t) => ({ code: t.code, name: t.name, orientation: t.orientation, staleAfterHours: t.staleAfterHours })),
        // A terminal stops showing an event once it has ended (China day).
        validTo: doc.kind === 'event' ? chinaDayOf(new Date(doc.endsAt)) : validUntil(doc),
        // Every character a terminal must be able to draw (its font is subset from these).
        text: `${doc.title}${doc.digest}${html.replace(/<[^>]*>/g, '')}`,
      },
      artifacts: [item, qr, ...slides],
      listings: [],
    };
  },
};

/** The attract loop's 一图读懂 laid out (an event's: its portrait card), the part of a kiosk rendition that can refuse: render and preflight both call it. */
async function slidesLayout(doc: Interpretation | OpenEvent, ctx: PreflightContext): Promise<Explainer | string> {
  if (doc.kind === 'event') {
    return coverSvg('portrait', { brand: '开放活动', title: doc.title, department: doc.department?.name ?? '', date: chineseDate(chinaDayOf(new Date(doc.startsAt))) });
  }
  const site = doc.sites[0]?.code;
  return explainerFor(doc, site ? `${ctx.publicUrl}${pagePath(doc, site)}` : ctx.publicUrl, chineseDate(ctx.revisedOn));
}
