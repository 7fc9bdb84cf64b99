import { RenditionRefused, type Tag } from '@tongyuan/channels';
import { DOCUMENT_POPULATE } from '@tongyuan/document';
import qs from 'qs';
import { PublisherError } from '../errors';
import type { Logger } from '../logger';
import type { DocumentKind } from '../domain/document';

/** Which Strapi collection holds each kind; what to populate for a whole document is read off the kernel's schema. */
/** Documents a reconciler's listing asks for at a time. */
const PAGE = 100;
const versionOf = (d: { documentId: string; updatedAt: string }) => ({ documentId: d.documentId, updatedAt: d.updatedAt });

const COLLECTIONS: Record<DocumentKind, { path: string; populate: object }> = {
  interpretation: { path: 'interpretations', populate: DOCUMENT_POPULATE.interpretation },
  'policy-document': { path: 'policy-documents', populate: DOCUMENT_POPULATE['policy-document'] },
  event: { path: 'open-events', populate: DOCUMENT_POPULATE.event },
};

export const KIND_BY_UID: Record<string, DocumentKind> = {
  'api::interpretation.interpretation': 'interpretation',
  'api::policy-document.policy-document': 'policy-document',
  'api::open-event.open-event': 'event',
};
export const KIND_BY_MODEL: Record<string, DocumentKind> = { interpretation: 'interpretation', 'policy-document': 'policy-document', 'open-event': 'event' };

export interface StrapiClientOptions {
  url: string;
  token: string;
  logger: Logger;
  timeoutMs?: number;
  attempts?: number;
  /** Origins besides the CMS that authors' uploads may be read from (MEDIA_ORIGINS). */
  mediaOrigins?: string[];
}

/**
 * Reads published documents from Strapi's REST API with the publisher's read-only token.
 * Network failures and 5xx are retried with exponential backoff; 404 means "not published".
 */
const AUDIO_FILE = /\.(mp3|wav|m4a|aac|ogg|oga|flac)$/i;

export class StrapiClient {
  constructor(private readonly options: StrapiClientOptions) {}

  async fetchPublished(kind: DocumentKind, documentId: string): Promise<unknown | null> {
    return this.fetchDocument(kind, documentId, 'published');
  }

  /** The published version, or the draft an author is still editing (for preflight). */
  async fetchDocument(kind: DocumentKind, documentId: string, status: 'published' | 'draft'): Promise<unknown | null> {
    const { path, populate } = COLLECTIONS[kind];
    const query = qs.stringify({ status, populate }, { encodeValuesOnly: true });
    const body = await this.get(`/api/${path}/${encodeURIComponent(documentId)}?${query}`);
    return body === null ? null : (body as { data: unknown }).data;
  }

  /**
   * Every published document of a kind, with the version to compare against the store; with `since`, only
   * those whose published row was written or published after it (a publish writes a new published row with
   * a fresh publishedAt, but Strapi copies updatedAt from the draft, which may be older).
   */
  async listPublished(kind: DocumentKind, since?: string): Promise<Array<{ documentId: string; updatedAt: string }>> {
    if (since) {
      // Unsorted, the CMS answers from its updated_at and published_at indexes; sorted by id, SQLite walks every
      // row instead. One page (the usual answer every few seconds) is complete however it is ordered; more
      // changes than a page are listed again in id order.
      const filters = { $or: [{ updatedAt: { $gt: since } }, { publishedAt: { $gt: since } }] };
      const query = qs.stringify({ status: 'published', filters, fields: ['updatedAt'], pagination: { page: 1, pageSize: PAGE } }, { encodeValuesOnly: true });
      const body = (await this.get(`/api/${COLLECTIONS[kind].path}?${query}`)) as { data: any[]; meta: { pagination: { pageCount: number } } };
      if (body.meta.pagination.pageCount <= 1) return body.data.map(versionOf);
      return this.allPublished(kind, filters);
    }
    return this.allPublished(kind);
  }

  /**
   * Every published document (matching `filters`), a page at a time in id order, each page asked as "after the last
   * id seen" without a count: page numbers made the CMS skip ever more rows (the hourly full comparison at 20,000
   * documents took 12.6 s), and a row published meanwhile cannot shift one from a page to the next.
   */
  private async allPublished(kind: DocumentKind, filters?: object): Promise<Array<{ documentId: string; updatedAt: string }>> {
    const all: Array<{ documentId: string; updatedAt: string }> = [];
    for (let after = 0; ;) {
      const page = { id: { $gt: after } };
      const query = qs.stringify({
        status: 'published', filters: filters ? { $and: [filters, page] } : page, fields: ['updatedAt'], sort: ['id:asc'],
        pagination: { page: 1, pageSize: PAGE, withCount: false },
      }, { encodeValuesOnly: true });
      const body = (await this.get(`/api/${COLLECTIONS[kind].path}?${query}`)) as { data: any[] };
      all.push(...body.data.map(versionOf));
      if (body.data.length < PAGE) return all;
      after = Number(body.data[body.data.length - 1].id);
    }
  }

  /** How many documents of a kind are published, and the CMS's own time of the answer (its Date header; ours if it sends none). */
  async countPublished(kind: DocumentKind): Promise<{ total: number; at: Date }> {
    const query = qs.stringify({ status: 'published', fields: ['updatedAt'], pagination: { page: 1, pageSize: 1 } }, { encodeValuesOnly: true });
    const { body, date } = await this.request(`/api/${COLLECTIONS[kind].path}?${query}`);
    const at = date ? new Date(date) : new Date();
    return { total: (body as { meta: { pagination: { total: number } } }).meta.pagination.total, at: Number.isNaN(at.getTime()) ? new Date() : at };
  }

  /** Every tag of every dimension (the catalogue profiles are written in), dimensions in their CMS order. */
  async fetchTags(): Promise<Tag[]> {
    const rows: Array<{ tag: Tag; position: number }> = [];
    for (let page = 1; ; page += 1) {
      const query = qs.stringify({ populate: { dimension: true }, pagination: { page, pageSize: 100 } }, { encodeValuesOnly: true });
      // One attempt: the catalogue is refreshed in the background and can wait for the next minute.
      const body = (await this.get(`/api/tags?${query}`, true)) as { data: any[]; meta: { pagination: { pageCount: number } } } | null;
      for (const t of body?.data ?? []) {
        if (!t.dimension) continue; // a tag outside any dimension cannot be ticked
        rows.push({ tag: { code: t.code, name: t.name, dimension: t.dimension.code, dimensionName: t.dimension.name, exclusionGroup: t.exclusionGroup ?? null }, position: t.dimension.position ?? 0 });
      }
      if (!body || page >= body.meta.pagination.pageCount) break;
    }
    return rows.sort((a, b) => a.position - b.position).map((r) => r.tag);
  }

  /**
   * A file an author uploaded, by the URL Strapi gave it: relative URLs come from the CMS itself,
   * absolute ones only from the CMS's origin or the `mediaOrigins` option (an object store), never from
   * anywhere an author could type. Larger than `maxBytes` or gone → refused with what to fix.
   */
  async fetchMedia(url: string, maxBytes: number): Promise<Buffer> {
    const target = new URL(url, this.options.url);
    // Idents and 人声配音 are audio: the message names what the author uploaded.
    const [noun, one] = AUDIO_FILE.test(target.pathname) ? ['音频文件', '这个音频文件'] : ['图片', '这张图片'];
    if (target.origin !== new URL(this.options.url).origin && !(this.options.mediaOrigins ?? []).includes(target.origin)) {
      throw new RenditionRefused(`${noun}地址 ${target.origin} 不是 CMS 的媒体库：请从媒体库上传${noun}（运维可在 MEDIA_ORIGINS 中加入对象存储的地址）`);
    }
    let response: Response;
    try {
      // Redirects are not followed: they could lead anywhere, including inside our own network.
      response = await fetch(target, { redirect: 'manual', signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000) });
    } catch (error) {
      throw new PublisherError('STRAPI_UNREACHABLE', `无法从 CMS 下载${noun} ${target.pathname}：${(error as Error).message}`, { cause: error });
    }
    if (response.status >= 300 && response.status < 400) {
      throw new RenditionRefused(`${noun} ${target.pathname} 被转到了别的地址，发布服务不跟随跳转：请把${noun}上传到媒体库`);
    }
    if (response.status === 404 || response.status === 410) throw new RenditionRefused(`${noun} ${target.pathname} 已不在媒体库中（已被删除）：请重新上传${one}，再在用到它的地方重新选择`);
    if (!response.ok || !response.body) throw new PublisherError('STRAPI_UNREACHABLE', `从 CMS 下载${noun}失败（${response.status}）：${target.pathname}`);
    const tooLarge = () => new RenditionRefused(`${noun} ${target.pathname} 超过 ${Math.round(maxBytes / 1048576)} MB：请压缩后重新上传`);
    if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
      await response.body.cancel();
      throw tooLarge();
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const reader = response.body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      size += read.value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(Buffer.from(read.value));
    }
    return Buffer.concat(chunks);
  }

  async ping(): Promise<void> {
    const response = await fetch(`${this.options.url}/_health`, { signal: AbortSignal.timeout(2000) });
    if (response.status >= 500) throw new Error(`CMS /_health → ${response.status}`);
  }

  /** A GET with the read-only token, retried like every read (once: a single attempt). */
  async get(path: string, once = false): Promise<unknown | null> {
    return (await this.request(path, once)).body;
  }

  /** `get`, with the answer's Date header. */
  private async request(path: string, once = false): Promise<{ body: unknown | null; date: string | null }> {
    const attempts = once ? 1 : this.options.attempts ?? 5;
    let delay = 250;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const response = await fetch(`${this.options.url}${path}`, {
          headers: { authorization: `Bearer ${this.options.token}`, accept: 'application/json' },
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        });
        if (response.status === 404) return { body: null, date: response.headers.get('date') };
        if (response.status === 401 || response.status === 403) {
          throw new PublisherError('STRAPI_UNREACHABLE', `CMS 拒绝了发布服务的令牌（${response.status}）：请确认 CMS 与发布服务的 STRAPI_TOKEN 相同`);
        }
        if (response.status >= 500) throw new Error(`CMS 返回 ${response.status}`);
        if (!response.ok) throw new PublisherError('STRAPI_UNREACHABLE', `CMS 请求失败（${response.status}）：${path}`);
        return { body: await response.json(), date: response.headers.get('date') };
      } catch (error) {
        if (error instanceof PublisherError || attempt >= attempts) {
          throw error instanceof PublisherError
            ? error
            : new PublisherError('STRAPI_UNREACHABLE', `无法连接 CMS（${this.options.url}），已重试 ${attempt} 次：${(error as Error).message}`, { cause: error });
        }
        this.options.logger.warn({ attempt, delayMs: delay, err: (error as Error).message }, 'CMS 暂时无法访问，稍后重试');
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 5000);
      }
    }
  }
}
