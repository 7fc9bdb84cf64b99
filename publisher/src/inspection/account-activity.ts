import type { Services } from '../services';
import type { ChannelAccount } from '../ingest/desk-client';

/**
 * What an account has carried: when it last got something new, and which of its renditions
 * failed. A site account carries what is listed on its site; a kiosk account is as fresh as its
 * terminal's last sync; a WeChat, Weibo or short-video account carries that channel's renditions,
 * of its own department's documents unless it carries everything (a county's main account).
 */
export const CHANNEL_OF_PLATFORM = { wechat: 'wechat', weibo: 'weibo', short_video: 'short-video', site: 'web', kiosk: 'kiosk' } as const;

export interface AccountActivity {
  lastUpdateAt: string | null;
  published: number;
  failures: Array<{ documentId: string; title: string; reason: string }>;
  /** The full-text links its latest posts carry (WeChat 阅读原文, the link in a Weibo post), newest first. */
  links: Array<{ url: string; title: string }>;
}

/** Whose a document is and where it is shown: what decides which accounts carry it. */
interface Scope { department: string | null; sites: string[] }
interface LiveRow extends Scope { document_id: string; title: string; updated_at: string; links: string[] }
interface FailureRow extends Scope { channel: string; documentId: string; title: string; reason: string }

function scopeOf(revisionBody: unknown): Scope {
  const body = (revisionBody ?? {}) as { department?: { code?: string } | null; issuingDepartment?: { code?: string } | null; sites?: Array<{ code: string }> };
  return { department: body.department?.code ?? body.issuingDepartment?.code ?? null, sites: (body.sites ?? []).map((s) => s.code) };
}

/** Links a post sends readers to: WeChat's 阅读原文 and the URLs in a Weibo post's text (our own renderers write them). */
function linksOf(payload: { contentSourceUrl?: string; text?: string } | null): string[] {
  if (!payload) return [];
  return [...new Set([payload.contentSourceUrl, ...(payload.text?.match(/https?:\/\/[^\s，。]+/g) ?? [])].filter((u): u is string => Boolean(u)))];
}

export class AccountActivityReader {
  private readonly byChannel = new Map<string, Promise<LiveRow[]>>();
  private failed: Promise<FailureRow[]> | undefined;

  constructor(private readonly services: Services) {}

  /** Live renditions of a channel with their document's department and sites (read once per inspection). */
  private live(channel: string): Promise<LiveRow[]> {
    let rows = this.byChannel.get(channel);
    if (!rows) {
      rows = this.services.db.selectFrom('live')
        .innerJoin('revisions', (join) => join.onRef('revisions.document_id', '=', 'live.document_id').onRef('revisions.hash', '=', 'live.hash'))
        .innerJoin('renditions', 'renditions.id', 'live.rendition_id')
        .select(['live.document_id', 'live.title', 'live.updated_at', 'revisions.body', 'renditions.payload']).where('live.channel', '=', channel)
        .orderBy('live.updated_at', 'desc').execute()
        .then((list) => list.map((r) => ({
          document_id: r.document_id, title: r.title, updated_at: r.updated_at, ...scopeOf(JSON.parse(r.body)), links: linksOf(r.payload ? JSON.parse(r.payload) : null),
        })));
      this.byChannel.set(channel, rows);
    }
    return rows;
  }

  /** The failed renditions of latest revisions, with their documents' scope (read once per inspection). */
  private failures(): Promise<FailureRow[]> {
    this.failed ??= this.services.queries.failures(1000).then((list) => Promise.all(list.map(async (f) => ({
      channel: f.channel, documentId: f.document_id, title: f.title, reason: f.error_message ?? f.error_code ?? '',
      ...scopeOf((await this.services.queries.revisionBody(f.document_id, f.hash))?.body),
    }))));
    return this.failed;
  }

  private carried(account: ChannelAccount) {
    return (row: Scope) =>
      account.platform === 'site' ? Boolean(account.site && row.sites.includes(account.site))
        : account.carries === 'all' || row.department === account.department?.code;
  }

  async of(account: ChannelAccount): Promise<AccountActivity> {
    const channel = CHANNEL_OF_PLATFORM[account.platform];
    const carried = this.carried(account);
    const rows = (await this.live(channel)).filter(carried);
    let lastUpdateAt: string | null = rows[0]?.updated_at ?? null; // newest first
    if (account.platform === 'kiosk') {
      const beat = account.kioskTerminal
        ? await this.services.db.selectFrom('kiosk_heartbeats').select('seen_at').where('terminal', '=', account.kioskTerminal).executeTakeFirst()
        : undefined;
      lastUpdateAt = beat?.seen_at ?? null; // a terminal is as fresh as its last sync, whatever was published
    }
    const failures = (await this.failures()).filter((f) => f.channel === channel && carried(f))
      .map(({ documentId, title, reason }) => ({ documentId, title, reason }));
    // The newest hundred posts: what readers still open; older ones are checked once they are reposted.
    const links = rows.slice(0, 100).flatMap((r) => r.links.map((url) => ({ url, title: r.title })));
    return { lastUpdateAt, published: rows.length, failures, links };
  }
}
