import type { Channel, Finding, RenderResult } from '../channel';
import { overrideFor } from '../document/types';
import { splitPanels } from '../images/explainer';
import { explainerFor } from '../images/interpretation-images';
import { chineseDate } from '../text/chinese-date';
import { characterCount, markdownToText } from '../text/rich-text';
import { shortenText } from '../text/shorten';
import { pagePath } from '../web/catalog';

/**
 * Weibo: a post of at most 2,000 characters whose first 140 stand alone (that is what timelines
 * show) and end with the link to the full interpretation, then the key points; the 一图读懂 split
 * into at most nine panels. Characters are counted as people count them (𠮷 is one).
 */
export const WEIBO_LIMITS = { post: 2000, lead: 140, images: 9 };

export const weiboChannel: Channel = {
  code: 'weibo',
  name: '微博',

  accepts: (doc) => doc.kind === 'interpretation' && doc.channels.includes('weibo'),

  preflight(doc) {
    const findings: Finding[] = [];
    if (doc.kind === 'interpretation' && doc.sites.length === 0) {
      findings.push({ level: 'error', field: 'sites', message: '微博导语要以全文链接结尾：请至少选择一个发布站点' });
    }
    return findings;
  },

  async render(doc, ctx): Promise<RenderResult> {
    if (doc.kind !== 'interpretation') throw new Error('微博只发布政策解读');
    const site = doc.sites[0]?.code;
    const link = site ? `${ctx.publicUrl}${pagePath(doc, site)}` : ctx.publicUrl;
    const override = overrideFor(doc, 'weibo');
    const summary = override?.text || doc.digest || markdownToText(doc.body);
    // The lead: 【title】summary, shortened so that it and the link fit in 140 characters.
    const room = WEIBO_LIMITS.lead - characterCount(link) - 1;
    if (room < 20) throw new Error(`全文链接 ${characterCount(link)} 字，导语放不下：请缩短站点地址（PUBLIC_URL）`);
    const lead = `${shortenText(`【${override?.title || doc.title}】${summary}`, room).text} ${link}`;
    const points = doc.keyPoints.map((k, i) => `${i + 1}. ${k.heading}：${markdownToText(k.text)}`).join('\n');
    const rest = shortenText(points, WEIBO_LIMITS.post - characterCount(lead) - 2).text;
    const text = rest ? `${lead}\n\n${rest}` : lead;

    const explainer = await explainerFor(doc, link, chineseDate(ctx.revisedOn));
    const panels = await splitPanels(explainer, WEIBO_LIMITS.images, ctx.cache);
    const images = [];
    for (const [i, panel] of panels.entries()) images.push(await ctx.writeArtifact(`panel-${i + 1}.png`, 'image/png', panel));
    const post = { text, lead, characters: characterCount(text), images: images.map((i) => i.name) };
    const json = await ctx.writeArtifact('weibo.json', 'application/json', JSON.stringify(post, null, 2));
    return { payload: post, artifacts: [json, ...images], listings: [] };
  },
};
