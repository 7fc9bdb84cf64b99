import { createHash } from 'node:crypto';
import { chinaToday, type Clock, RenditionRefused, type AnyChannel, type PreviewItem, type RenderCache, type RenderContext } from '@tongyuan/channels';
import type { Config } from '../config';
import { contentHash, type DocumentKind } from '../domain/document';
import type { StrapiClient } from '../ingest/strapi-client';
import { readDraft } from './preflight';

export type { PreviewItem } from '@tongyuan/channels';
export interface Previews { title?: string; items: PreviewItem[]; failures: Array<{ channel: string; channelName: string; message: string }>; note?: string }

/** What drawing a preview needs: the draft from the CMS, this deployment's channels, and the shared image cache. */
export interface PreviewDeps {
  strapi: Pick<StrapiClient, 'fetchDocument' | 'fetchMedia'>;
  channels: AnyChannel[];
  renderCache: RenderCache;
  config: Pick<Config, 'PUBLIC_URL'>;
  clock: Clock;
}

const recent = new Map<string, Previews>(); // by draft content and day: asked again (the page reloaded) without drawing again; a few, they hold images

/**
 * What the draft will look like on each channel it goes to, drawn by the same renderers that
 * publish it, in memory, nothing stored: channels with a `preview` hook render and show the result
 * (pages, covers, 一图读懂, WeChat article, Weibo post, kiosk page); video channels `sketch` a
 * storyboard (frames, subtitles, narration text) instead of encoding.
 */
export async function previewDocument(deps: PreviewDeps, kind: DocumentKind, documentId: string): Promise<Previews | null> {
  const draft = await readDraft(deps, kind, documentId);
  if (draft === null) return null;
  if ('invalid' in draft) return { items: [], failures: [{ channel: '*', channelName: '全部渠道', message: draft.invalid.message }] };
  const doc = draft.document;
  const key = `${contentHash(doc)}:${chinaToday(deps.clock)}`;
  const cached = recent.get(key);
  if (cached) return cached;

  // The channels the author named (a kiosk without terminals still shows its page), or that take the draft by themselves.
  const named: readonly string[] = doc.kind === 'interpretation' ? doc.channels : [];
  const channels = deps.channels.filter((c) => (c.preview || c.sketch) && (named.includes(c.code) || c.accepts(doc)));
  const previews: Previews = { title: doc.title, items: [], failures: [] };
  if (channels.length === 0) previews.note = '所选渠道没有可预览的内容';
  for (const channel of channels) {
    try {
      if (channel.sketch) {
        previews.items.push(...(await channel.sketch(doc, previewContext(deps, new Map()))));
        continue;
      }
      const files = new Map<string, { mime: string; data: Buffer }>();
      const { payload } = await channel.render(doc, previewContext(deps, files));
      previews.items.push(...(await channel.preview!(doc, { payload, files })));
    } catch (error) {
      if (!(error instanceof RenditionRefused)) throw error;
      previews.failures.push({ channel: channel.code, channelName: channel.name, message: error.message });
    }
  }
  if (recent.size >= 5) recent.delete(recent.keys().next().value as string);
  recent.set(key, previews);
  return previews;
}

function previewContext(deps: PreviewDeps, files: Map<string, { mime: string; data: Buffer }>): RenderContext {
  const store = (name: string, mime: string, data: Buffer | string) => {
    const bytes = Buffer.from(data);
    files.set(name, { mime, data: bytes });
    return { name, mime, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  };
  return {
    publicUrl: deps.config.PUBLIC_URL,
    revisedOn: chinaToday(deps.clock),
    writeArtifact: async (name, mime, data) => store(name, mime, data),
    writeArtifactFile: async () => {
      throw new Error('预览不生成视频');
    },
    reportProgress: async () => undefined,
    cache: deps.renderCache,
    readMedia: (media, maxBytes) => deps.strapi.fetchMedia(media.url, maxBytes),
    media: async () => {
      throw new Error('预览不生成视频');
    },
  };
}
