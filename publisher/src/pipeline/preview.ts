import { createHash } from 'node:crypto';
import { chinaToday, RenditionRefused, stackImages, type Interpretation, type RenderContext } from '@tongyuan/channels';
import { kioskTemplates } from '@tongyuan/templates';
import { contentHash, type DocumentKind } from '../domain/document';
import type { Services } from '../services';
import { readDraft, targetChannels } from './preflight';

/** One thing an author can look at: an image (data URL) or a self-contained HTML page for a sandboxed frame. */
export type PreviewItem =
  | { key: string; channel: string; label: string; kind: 'image'; mime: string; width: number | null; dataUrl: string }
  | { key: string; channel: string; label: string; kind: 'html'; width: number; html: string };
export interface Previews { items: PreviewItem[]; failures: Array<{ channel: string; channelName: string; message: string }>; note?: string }

/** Channels whose renditions are quick enough to draw on request; video is seen after publishing. */
const PREVIEWED = ['wechat', 'kiosk'] as const;
const recent = new Map<string, Previews>(); // by draft content hash: the panel may ask again without re-rendering

/**
 * What the draft will look like — its covers, 一图读懂, WeChat article and kiosk page — drawn by
 * the same renderers that publish it, in memory, nothing stored.
 */
export async function previewDocument(services: Services, kind: DocumentKind, documentId: string): Promise<Previews | null> {
  const draft = await readDraft(services, kind, documentId);
  if (draft === null) return null;
  if ('invalid' in draft) return { items: [], failures: [{ channel: '*', channelName: '全部渠道', message: draft.invalid.message }] };
  const doc = draft.document;
  if (doc.kind !== 'interpretation') return { items: [], failures: [], note: '政策文件只发布到网站和订阅源，发布后在网站上查看' };
  const key = contentHash(doc);
  const cached = recent.get(key);
  if (cached) return cached;

  const enabled = new Set(services.channels.map((c) => c.code));
  const channels = targetChannels(services, doc).filter((c) => (PREVIEWED as readonly string[]).includes(c.code) && enabled.has(c.code));
  const previews: Previews = { items: [], failures: [] };
  if (channels.length === 0) previews.note = '所选渠道没有可预览的图文（视频在发布后查看）';
  for (const channel of channels) {
    const files = new Map<string, { mime: string; data: Buffer }>();
    try {
      await channel.render(doc, previewContext(services, files));
    } catch (error) {
      if (!(error instanceof RenditionRefused)) throw error;
      previews.failures.push({ channel: channel.code, channelName: channel.name, message: error.message });
      continue;
    }
    previews.items.push(...(channel.code === 'wechat' ? await wechatPreview(files) : kioskPreview(doc, files)));
  }
  if (recent.size >= 20) recent.delete(recent.keys().next().value as string);
  recent.set(key, previews);
  return previews;
}

function previewContext(services: Services, files: Map<string, { mime: string; data: Buffer }>): RenderContext {
  const store = (name: string, mime: string, data: Buffer | string) => {
    const bytes = Buffer.from(data);
    files.set(name, { mime, data: bytes });
    return { name, mime, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  };
  return {
    publicUrl: services.config.PUBLIC_URL,
    revisedOn: chinaToday(),
    writeArtifact: async (name, mime, data) => store(name, mime, data),
    writeArtifactFile: async () => {
      throw new Error('预览不生成视频');
    },
    reportProgress: async () => undefined,
    cache: services.renderCache,
    readMedia: (media, maxBytes) => services.strapi.fetchMedia(media.url, maxBytes),
    media: async () => {
      throw new Error('预览不生成视频');
    },
  };
}

const dataUrl = (file: { mime: string; data: Buffer }) => `data:${file.mime.split(';')[0]};base64,${file.data.toString('base64')}`;

async function wechatPreview(files: Map<string, { mime: string; data: Buffer }>): Promise<PreviewItem[]> {
  const image = (key: string, name: string | undefined, label: string, width: number | null): PreviewItem[] => {
    const file = name ? files.get(name) : undefined;
    return file ? [{ key, channel: 'wechat', label, kind: 'image', mime: file.mime, width, dataUrl: dataUrl(file) }] : [];
  };
  const names = [...files.keys()];
  const article = files.get('article.html')!.data.toString('utf8')
    .replace(/src="images\/([^"]+)"/g, (whole, name: string) => (files.has(name) ? `src="${dataUrl(files.get(name)!)}"` : whole));
  return [
    ...image('cover', names.find((n) => /^cover\./.test(n)), '微信封面（2.35:1）', 900),
    ...image('share-cover', names.find((n) => /^cover-square\./.test(n)), '分享封面（1:1）', 600),
    ...(await stacked(names.filter((n) => /^explainer-\d+\.(png|jpg)$/.test(n)).map((n) => files.get(n)!.data))),
    { key: 'wechat-article', channel: 'wechat', label: '微信文章（手机宽度）', kind: 'html', width: 375, html: page('', article) },
  ];
}

/** The article's 一图读懂 panels one under the other, as a reader scrolls them: one picture to look at. */
async function stacked(panels: Buffer[]): Promise<PreviewItem[]> {
  if (panels.length === 0) return [];
  const { png, width } = await stackImages(panels);
  return [{ key: 'explainer', channel: 'wechat', label: '一图读懂', kind: 'image', mime: 'image/png', width, dataUrl: dataUrl({ mime: 'image/png', data: png }) }];
}

function kioskPreview(doc: Interpretation, files: Map<string, { mime: string; data: Buffer }>): PreviewItem[] {
  const item = files.get('item.html')!.data.toString('utf8').replace('src="qr.svg"', `src="${dataUrl(files.get('qr.svg')!)}"`);
  const orientation = doc.kioskTerminals.some((t) => t.orientation === 'portrait') ? 'portrait' : 'landscape';
  return [{
    key: 'kiosk-page', channel: 'kiosk', label: orientation === 'portrait' ? '触摸屏页面（1080×1920 竖屏）' : '触摸屏页面（1920×1080 横屏）',
    kind: 'html', width: orientation === 'portrait' ? 1080 : 1920, html: page(kioskTemplates.css, `<section id="detail">${item}</section>`, orientation),
  }];
}

/** A whole page for a sandboxed iframe (no scripts run there): the channel's own styles, nothing fetched. */
function page(css: string, body: string, bodyClass = '') {
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>${css}</style></head><body class="${bodyClass}">${body}</body></html>`;
}
