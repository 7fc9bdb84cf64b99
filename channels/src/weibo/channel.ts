import type { Channel, PreflightContext, RenderResult } from '../channel';
import { fitCharacters, markedTitle, markPackage } from '../validity-marking';
import { chinaDateTime, chinaDayOf, eventPlaceLabel, overrideFor, type Interpretation, type OpenEvent } from '../document/types';
import { coverSvg, rasterizeCover } from '../images/covers';
import { eventFactLines } from '../text/event-facts';
import { splitPanels } from '../images/explainer';
import { explainerFor } from '../images/interpretation-images';
import { drawnFieldsOf, drawnTextFindings } from '../media/fonts';
import { Preparation } from '../preparation';
import { chineseDate } from '../text/chinese-date';
import { characterCount, markdownToText } from '../text/rich-text';
import { shortenText } from '../text/shorten';
import { pagePath } from '../web/catalog';
import { weiboPreview } from './preview';

/**
 * Weibo: a post of at most 2,000 characters whose first 140 stand alone (that is what timelines
 * show) and end with the link to the full interpretation, then the key points; the 一图读懂 split
 * into at most nine panels. Characters are counted as people count them (𠮷 is one).
 */
export const WEIBO_LIMITS = { post: 2000, lead: 140, images: 9 };

export const weiboChannel: Channel = {
  code: 'weibo',
  name: '微博',

  // Interpretations, and 开放活动: the lead says when and where, the post lists the facts, one drawn card is the image.
  accepts: (doc) => doc.kind !== 'policy-document' && doc.channels.includes('weibo'),
  preview: async (_doc, { payload, files }) => weiboPreview(payload as { text: string; characters: number; images: string[] }, files, WEIBO_LIMITS),
  markValidity: (payload, validity) => markPackage(payload, validity, markWeiboPost),
  packageFile: 'weibo.json',
  accounts: { platform: 'weibo', kind: 'account' },

  async preflight(doc, ctx) {
    if (doc.kind === 'policy-document') return [];
    return (await prepareWeibo(doc, ctx)).preparation.findings();
  },

  async render(doc, ctx): Promise<RenderResult> {
    if (doc.kind === 'policy-document') throw new Error('微博只发布政策解读和开放活动');
    const { preparation, post, explainer, card } = await prepareWeibo(doc, ctx);
    preparation.throwIfRefused();
    const panels = explainer ? await splitPanels(explainer, WEIBO_LIMITS.images, ctx.cache) : card ? [await rasterizeCover(card, ctx.cache)] : [];
    const images = [];
    for (const [i, panel] of panels.entries()) images.push(await ctx.writeArtifact(`panel-${i + 1}.png`, 'image/png', panel));
    const full = { ...post!, images: images.map((i) => i.name) };
    const json = await ctx.writeArtifact('weibo.json', 'application/json', JSON.stringify(full, null, 2));
    return { payload: full, artifacts: [json, ...images], listings: [] };
  },
};

/** The post's text (lead ending with the full-text link, then the key points) and the 一图读懂 laid out: all but the pixels. */
async function prepareWeibo(doc: Interpretation | OpenEvent, ctx: PreflightContext) {
  const preparation = new Preparation();
  const site = doc.sites[0]?.code;
  // A lead must end with the link to the full interpretation: without a site there is none.
  if (!site) preparation.refuse('sites', '微博导语要以全文链接结尾：请至少选择一个发布站点');
  const link = site ? `${ctx.publicUrl}${pagePath(doc, site)}` : ctx.publicUrl;
  const override = doc.kind === 'interpretation' ? overrideFor(doc, 'weibo') : undefined;
  // An event's lead says when and where, tersely: a timeline shows 140 characters, the link takes a third.
  const summary = doc.kind === 'event' ? `${chinaDateTime(new Date(doc.startsAt))}，${eventPlaceLabel(doc)}` : override?.text || doc.digest || markdownToText(doc.body);
  // The lead: 【title】summary, shortened so that it and the link fit in 140 characters.
  const room = WEIBO_LIMITS.lead - characterCount(link) - 1;
  let post: { text: string; lead: string; characters: number } | undefined;
  if (room < 20) {
    preparation.refuse('sites', `全文链接 ${characterCount(link)} 字，导语放不下：请缩短站点地址（PUBLIC_URL）`);
  } else {
    const headline = `【${override?.title || doc.title}】${summary}`;
    const shortLead = shortenText(headline, room);
    if (shortLead.shortened) preparation.warn('digest', `微博导语（标题和摘要）超过 ${room} 字：将截短为“${shortLead.text}”；可在“渠道定制”里为微博单独写`);
    const lead = `${shortLead.text} ${link}`;
    const points = doc.kind === 'event'
      ? [doc.digest, ...eventFactLines(doc)].filter(Boolean).join('\n')
      : doc.keyPoints.map((k, i) => `${i + 1}. ${k.heading}：${markdownToText(k.text)}`).join('\n');
    const rest = shortenText(points, WEIBO_LIMITS.post - characterCount(lead) - 2);
    if (rest.shortened) preparation.warn('keyPoints', `要点合计超过微博 ${WEIBO_LIMITS.post} 字的上限：将截短，读者点全文链接看完整内容`);
    const text = rest.text ? `${lead}\n\n${rest.text}` : lead;
    post = { text, lead, characters: characterCount(text) };
  }
  const explainer = doc.kind === 'interpretation' ? await preparation.step('explainer', () => explainerFor(doc, link, chineseDate(ctx.revisedOn))) : undefined;
  const card = doc.kind === 'event'
    ? await preparation.step('title', () => coverSvg('square', { brand: '开放活动', title: doc.title, department: doc.department?.name ?? '', date: chineseDate(chinaDayOf(new Date(doc.startsAt))) }))
    : undefined;
  preparation.drawnText(drawnTextFindings(drawnFieldsOf(doc), '图片'));
  return { preparation, post, explainer, card };
}

/** The marker goes before the title and the lead; the lead ends with the full-text link and stays within 140 characters, so the words before the link give way. */
function markWeiboPost(out: Record<string, unknown>, marker: string): void {
  markedTitle(out, marker);
  if (typeof out.lead !== 'string' || typeof out.text !== 'string' || !out.text.startsWith(out.lead)) return;
  const cut = out.lead.lastIndexOf(' ');
  const link = out.lead.slice(cut + 1);
  const lead = `${fitCharacters(`${marker}${out.lead.slice(0, cut)}`, WEIBO_LIMITS.lead - characterCount(link) - 1)} ${link}`;
  out.text = fitCharacters(`${lead}${out.text.slice(out.lead.length)}`, WEIBO_LIMITS.post);
  out.lead = lead;
  out.characters = characterCount(out.text as string);
}
