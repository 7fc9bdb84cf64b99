import type { ChannelAccount, CmsDeskClient, CountyPlaces } from '../ingest/desk-client';
import type { Db } from '../store/db';
import type { PublicationQueries } from '../store/queries';
import { carriedBy, channelOfAccount, isTerminalAccount, scopeOf, type DocumentScope } from './account-scope';

/**
 * What an account has carried: when it last got something new, and which of its renditions
 * failed — only of the documents it answers for (account-scope.ts: its site, its own terminal, its
 * department or its county). A kiosk account is as fresh as its terminal's last sync.
 */
export interface AccountActivity {
  lastUpdateAt: string | null;
  published: number;
  failures: Array<{ documentId: string; title: string; reason: string }>;
  /** The full-text links its latest posts carry (WeChat 阅读原文, the link in a Weibo post), newest first. */
  links: Array<{ url: string; title: string }>;
  /** 严重 norms findings (表述规范库) on the live renditions it carries, as the last wording scan found them. */
  wording: Array<{ documentId: string; title: string; message: string }>;
}

interface LiveRow extends DocumentScope { document_id: string; title: string; updated_at: string; links: string[]; wording: string[] }
interface FailureRow extends DocumentScope { channel: string; documentId: string; title: string; reason: string }

/** Links a post sends readers to: WeChat's 阅读原文 and the URLs in a Weibo post's text (our own renderers write them). */
function linksOf(payload: { contentSourceUrl?: string; text?: string } | null): string[] {
  if (!payload) return [];
  return [...new Set([payload.contentSourceUrl, ...(payload.text?.match(/https?:\/\/[^\s，。]+/g) ?? [])].filter((u): u is string => Boolean(u)))];
}

export interface AccountActivityDeps { cmsDesk: CmsDeskClient; db: Db; queries: PublicationQueries }

export class AccountActivityReader {
  private readonly byChannel = new Map<string, Promise<LiveRow[]>>();
  private failed: Promise<FailureRow[]> | undefined;
  private placesRead: Promise<CountyPlaces> | undefined;

  constructor(private readonly services: AccountActivityDeps) {}

  /** Counties, and departments' regions and counties, sites' and terminals' counties from the CMS, read once per inspection or report. */
  places(): Promise<CountyPlaces> {
    this.placesRead ??= this.services.cmsDesk.countyPlaces();
    return this.placesRead;
  }

  /** Live renditions of a channel with their document's department and sites (read once per inspection). */
  private live(channel: string): Promise<LiveRow[]> {
    let rows = this.byChannel.get(channel);
    if (!rows) {
      rows = Promise.all([this.places(), this.wordingOn(channel)]).then(([places, wording]) => this.services.db.selectFrom('live')
        .innerJoin('revisions', (join) => join.onRef('revisions.document_id', '=', 'live.document_id').onRef('revisions.hash', '=', 'live.hash'))
        .innerJoin('renditions', 'renditions.id', 'live.rendition_id')
        .select(['live.document_id', 'live.hash', 'live.title', 'live.updated_at', 'revisions.body', 'renditions.payload']).where('live.channel', '=', channel)
        .orderBy('live.updated_at', 'desc').execute()
        .then((list) => list.map((r) => ({
          document_id: r.document_id, title: r.title, updated_at: r.updated_at, ...scopeOf(JSON.parse(r.body), places), links: linksOf(r.payload ? JSON.parse(r.payload) : null),
          wording: wording.get(r.document_id) ?? [],
        }))));
      this.byChannel.set(channel, rows);
    }
    return rows;
  }

  /** The open 严重 wording findings on a channel's live renditions (norms/live-scan.ts), by document. */
  private async wordingOn(channel: string): Promise<Map<string, string[]>> {
    const open = await this.services.db.selectFrom('wording_findings').select(['document_id', 'message', 'occurrences'])
      .where('channel', '=', channel).where('fixed_at', 'is', null).where('severity', '=', 'serious').orderBy('id').execute();
    const byDocument = new Map<string, string[]>();
    for (const f of open) byDocument.set(f.document_id, [...(byDocument.get(f.document_id) ?? []), f.occurrences > 1 ? `${f.message}（${f.occurrences} 次）` : f.message]);
    return byDocument;
  }

  /** The failed renditions of latest revisions, with their documents' scope (read once per inspection). */
  private failures(): Promise<FailureRow[]> {
    this.failed ??= this.places().then(async (places) => Promise.all((await this.services.queries.failures(1000)).map(async (f) => ({
      channel: f.channel, documentId: f.document_id, title: f.title, reason: f.error_message ?? f.error_code ?? '',
      ...scopeOf((await this.services.queries.revisionBody(f.document_id, f.hash))?.body, places),
    }))));
    return this.failed;
  }

  async of(account: ChannelAccount): Promise<AccountActivity> {
    const channel = channelOfAccount(account);
    const carried = carriedBy(account);
    const rows = channel ? (await this.live(channel)).filter(carried) : [];
    let lastUpdateAt: string | null = rows[0]?.updated_at ?? null; // newest first
    if (isTerminalAccount(account)) {
      const beat = account.kioskTerminal
        ? await this.services.db.selectFrom('kiosk_heartbeats').select('seen_at').where('terminal', '=', account.kioskTerminal).executeTakeFirst()
        : undefined;
      lastUpdateAt = beat?.seen_at ?? null; // a terminal is as fresh as its last sync, whatever was published
    }
    const failures = (await this.failures()).filter((f) => f.channel === channel && carried(f))
      .map(({ documentId, title, reason }) => ({ documentId, title, reason }));
    // The newest hundred posts: what readers still open; older ones are checked once they are reposted.
    const links = rows.slice(0, 100).flatMap((r) => r.links.map((url) => ({ url, title: r.title })));
    const wording = rows.flatMap((r) => r.wording.map((message) => ({ documentId: r.document_id, title: r.title, message })));
    return { lastUpdateAt, published: rows.length, failures, links, wording };
  }
}
