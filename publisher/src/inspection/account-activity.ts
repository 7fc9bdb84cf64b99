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

interface LiveRow { document_id: string; title: string; updated_at: string; department: string | null; sites: string[]; links: string[] }

/** Links a post sends readers to: WeChat's 阅读原文 and the URLs in a Weibo post's text (our own renderers write them). */
function linksOf(payload: { contentSourceUrl?: string; text?: string } | null): string[] {
  if (!payload) return [];
  return [...new Set([payload.contentSourceUrl, ...(payload.text?.match(/https?:\/\/[^\s，。]+/g) ?? [])].filter((u): u is string => Boolean(u)))];
}

export class AccountActivityReader {
  private readonly byChannel = new Map<string, Promise<LiveRow[]>>();

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
        .then((list) => list.map((r) => {
          const body = JSON.parse(r.body) as { department?: { code?: string } | null; issuingDepartment?: { code?: string } | null; sites?: Array<{ code: string }> };
          return {
            document_id: r.document_id, title: r.title, updated_at: r.updated_at, department: body.department?.code ?? body.issuingDepartment?.code ?? null,
            sites: (body.sites ?? []).map((s) => s.code), links: linksOf(r.payload ? JSON.parse(r.payload) : null),
          };
        }));
      this.byChannel.set(channel, rows);
    }
    return rows;
  }

  private carried(account: ChannelAccount) {
    return (row: { department: string | null; sites: string[] }) =>
      account.platform === 'site' ? Boolean(account.site && row.sites.includes(account.site))
        : account.carries === 'all' || row.department === account.department?.code;
  }

  async of(account: ChannelAccount): Promise<AccountActivity> {
    const channel = CHANNEL_OF_PLATFORM[account.platform];
    const carried = this.carried(account);
    const rows = (await this.live(channel)).filter(carried);
    let lastUpdateAt = rows.reduce<string | null>((latest, r) => (!latest || r.updated_at > latest ? r.updated_at : latest), null);
    if (account.platform === 'kiosk') {
      const beat = account.kioskTerminal
        ? await this.services.db.selectFrom('kiosk_heartbeats').select('seen_at').where('terminal', '=', account.kioskTerminal).executeTakeFirst()
        : undefined;
      lastUpdateAt = beat?.seen_at ?? null; // a terminal is as fresh as its last sync, whatever was published
    }
    const failures = [];
    for (const failure of await this.services.queries.failures(1000)) {
      if (failure.channel !== channel) continue;
      const revision = failure.hash ? await this.services.queries.revisionBody(failure.document_id, failure.hash) : undefined;
      const body = (revision?.body ?? {}) as { department?: { code?: string } | null; sites?: Array<{ code: string }> };
      if (!carried({ department: body.department?.code ?? null, sites: (body.sites ?? []).map((s) => s.code) })) continue;
      failures.push({ documentId: failure.document_id, title: failure.title, reason: failure.error_message ?? failure.error_code ?? '' });
    }
    // The newest hundred posts: what readers still open; older ones are checked once they are reposted.
    const links = rows.slice(0, 100).flatMap((r) => r.links.map((url) => ({ url, title: r.title })));
    return { lastUpdateAt, published: rows.length, failures, links };
  }
}
