import { markedTitle, markPackage } from '../validity-marking';
import { RenditionRefused, type Channel, type PreflightContext, type RenderContext, type RenderResult } from '../channel';
import { basisLine, chinaDayOf, overrideFor, type Interpretation, type OpenEvent } from '../document/types';
import { checkRecordedImage, cropAuthorImage, AUTHOR_IMAGE_LIMITS } from '../images/author-image';
import { COVER_SIZES, coverSvg, rasterizeCover, type CoverSize } from '../images/covers';
import { splitPanels } from '../images/explainer';
import { explainerFor, limitBytes } from '../images/interpretation-images';
import { drawnFieldsOf, drawnTextFindings } from '../media/fonts';
import { Preparation } from '../preparation';
import { chineseDate } from '../text/chinese-date';
import { characterCount, markdownToText } from '../text/rich-text';
import { shortenText } from '../text/shorten';
import { pagePath } from '../web/catalog';
import { articleHtml } from './article';
import { wechatPreview } from './preview';

/**
 * WeChat official accounts (Suzhou's 642 government accounts): a ready-to-post package — JSON
 * with title, author, digest, HTML content (inline styles, allow-listed) and the names of its
 * images (2.35:1 cover, 1:1 share cover, 一图读懂) — within the platform's limits. The channel
 * override's title and digest win; without one, over-long text is shortened at a sensible
 * boundary and the package says so.
 */
export const WECHAT_LIMITS = { title: 64, author: 8, digest: 120, contentCharacters: 20_000, contentBytes: 1_000_000, imageBytes: 1_000_000 };

export const wechatChannel: Channel = {
  code: 'wechat',
  name: '微信公众号',

  // Interpretations and 开放活动 (an event's article: its facts and introduction, a drawn cover, no 一图读懂).
  accepts: (doc) => doc.kind !== 'policy-document' && doc.channels.includes('wechat'),
  preview: async (_doc, { files }) => wechatPreview(files),
  markValidity: (payload, validity) => markPackage(payload, validity, (out, marker) => markedTitle(out, marker, WECHAT_LIMITS.title)),
  packageFile: 'wechat.json',
  accounts: { platform: 'wechat', kind: 'account' },

  async preflight(doc, ctx) {
    if (doc.kind === 'policy-document') return [];
    return (await prepareWechat(doc, ctx)).preparation.findings();
  },

  async render(doc, ctx: RenderContext): Promise<RenderResult> {
    if (doc.kind === 'policy-document') throw new Error('微信公众号只发布政策解读和开放活动');
    const prepared = await prepareWechat(doc, ctx);
    prepared.preparation.throwIfRefused();
    const { title, digest, author, pageUrl, notes } = prepared;

    const covers = await coverImages(doc, ctx, prepared.coverSvgs);
    // The 一图读懂 as the same panels Weibo and the kiosks show, stacked without gaps: cut between
    // blocks, they read as one long image, stay sharp where WeChat shrinks very tall ones, and are
    // drawn once for all three channels.
    const images = [...covers];
    const explainers: string[] = [];
    for (const [i, panel] of (prepared.explainer ? await splitPanels(prepared.explainer, 9, ctx.cache) : []).entries()) {
      const bytes = await limitBytes(panel, WECHAT_LIMITS.imageBytes);
      const name = `explainer-${i + 1}.${bytes === panel ? 'png' : 'jpg'}`;
      images.push(await ctx.writeArtifact(name, bytes === panel ? 'image/png' : 'image/jpeg', bytes));
      explainers.push(`images/${name}`);
    }

    const article = articleHtml(doc, {
      digest, department: doc.department?.name ?? '', hotline: doc.department?.hotline ?? '12345',
      basis: doc.kind === 'interpretation' ? doc.basis.map(basisLine) : [],
      explainers,
    }, WECHAT_LIMITS.contentCharacters);
    if (article.truncated) notes.push(`正文超过微信 ${WECHAT_LIMITS.contentCharacters} 字的上限，已在段落处截断，读者可点“阅读原文”看全文`);
    const pkg = {
      title, author, digest, contentSourceUrl: pageUrl, content: article.html,
      cover: `images/${covers[0].name}`, shareCover: `images/${covers[1].name}`, images: images.map((i) => `images/${i.name}`), notes,
    };
    const html = await ctx.writeArtifact('article.html', 'text/html; charset=utf-8', article.html);
    const json = await ctx.writeArtifact('wechat.json', 'application/json', JSON.stringify(pkg, null, 2));
    return { payload: { ...pkg, content: undefined, contentCharacters: characterCount(article.html) }, artifacts: [json, html, ...images], listings: [] };
  },
};

const COVERS: Array<[CoverSize, string]> = [['wechat', 'cover'], ['square', 'cover-square']];

/**
 * Everything of the package that needs no file: shortened title, digest and author (with what was
 * shortened), the covers laid out or the photo's recorded size checked, the 一图读懂 laid out.
 */
async function prepareWechat(doc: Interpretation | OpenEvent, ctx: PreflightContext) {
  const preparation = new Preparation();
  const notes: string[] = [];
  const raw = titleAndDigest(doc);
  const title = shortenText(raw.title, WECHAT_LIMITS.title);
  if (title.shortened) {
    notes.push(`标题超过 ${WECHAT_LIMITS.title} 字，已截短为“${title.text}”`);
    preparation.warn('title', `微信标题 ${characterCount(raw.title)} 字，超过 ${WECHAT_LIMITS.title} 字：将截短为“${title.text}”；可在“渠道定制”里为微信单独写标题`);
  }
  const digest = shortenText(raw.digest, WECHAT_LIMITS.digest);
  if (digest.shortened) {
    notes.push(`摘要超过 ${WECHAT_LIMITS.digest} 字，已截短`);
    preparation.warn('digest', `微信摘要 ${characterCount(raw.digest)} 字，超过 ${WECHAT_LIMITS.digest} 字：将截短；可在“渠道定制”里单独写摘要`);
  }
  const author = shortenText((doc.kind === 'interpretation' ? doc.interpreters[0]?.name : undefined) ?? doc.department?.name ?? '', WECHAT_LIMITS.author).text.replace(/…$/, '');
  const site = doc.sites[0]?.code;
  const pageUrl = site ? `${ctx.publicUrl}${pagePath(doc, site)}` : ctx.publicUrl;
  // An event's cover carries the day it takes place; an interpretation's the day it was revised.
  const date = chineseDate(doc.kind === 'event' ? chinaDayOf(new Date(doc.startsAt)) : ctx.revisedOn);
  const brand = doc.kind === 'event' ? '开放活动' : doc.brandColumn?.name ?? null;
  const cover = doc.cover;
  const coverSvgs = cover
    ? void (await preparation.step('cover', () => checkRecordedImage(cover, '封面图')))
    : await preparation.step('title', () => COVERS.map(([size]) => coverSvg(size, { brand, title: title.text, department: doc.department?.name ?? '', date })));
  const explainer = doc.kind === 'interpretation' ? await preparation.step('explainer', () => explainerFor(doc, pageUrl, date)) : null;
  preparation.drawnText(drawnTextFindings(drawnFieldsOf(doc), '图片'));
  return { preparation, notes, title: title.text, digest: digest.text, author, pageUrl, coverSvgs, explainer };
}

function titleAndDigest(doc: Interpretation | OpenEvent) {
  const override = doc.kind === 'interpretation' ? overrideFor(doc, 'wechat') : undefined;
  return {
    title: override?.title || doc.title,
    digest: override?.digest || doc.digest || markdownToText(doc.body),
  };
}

/** The 2.35:1 article cover and the 1:1 share cover: the author's photo cropped around its subject, else the brand template as laid out. */
async function coverImages(doc: Interpretation | OpenEvent, ctx: RenderContext, laidOut: string[] | undefined) {
  const out = [];
  if (doc.cover) {
    const photo = await ctx.readMedia(doc.cover, AUTHOR_IMAGE_LIMITS.bytes).catch((error: unknown) => {
      // Reading says what is wrong with the upload; which image it is, is known only here.
      throw error instanceof RenditionRefused ? new RenditionRefused(`封面图无法读取：${error.message}`, [{ level: 'error', field: 'cover', message: error.message }]) : error;
    });
    for (const [size, name] of COVERS) {
      const jpeg = await limitBytes(await cropAuthorImage(photo, '封面图', COVER_SIZES[size], doc.kind === 'interpretation' ? doc.coverFocus : null), WECHAT_LIMITS.imageBytes);
      out.push(await ctx.writeArtifact(`${name}.jpg`, 'image/jpeg', jpeg));
    }
  } else {
    for (const [i, [, name]] of COVERS.entries()) {
      out.push(await ctx.writeArtifact(`${name}.png`, 'image/png', await limitBytes(await rasterizeCover(laidOut![i], ctx.cache), WECHAT_LIMITS.imageBytes)));
    }
  }
  return out;
}
