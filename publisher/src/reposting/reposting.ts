import { chinaDateTime } from '@tongyuan/document';
import type { ChannelAccount } from '../ingest/desk-client';
import { carriedBy, channelOfAccount, isTerminalAccount, scopeOf, type DocumentScope, type Places } from '../inspection/account-scope';
import type { Db } from '../store/db';

/**
 * 重要信息转载 per account. The city or province office marks a publication with the counties that
 * must repost it and within how many days (转载区县, 转载期限); a county's office reposts it with one
 * click in the CMS, which files a copy of the county's own naming its original (repostOf).
 *
 * An account owes a marked item when it is a site or a main account (carries everything) of a named
 * county, and its channel is one the original was published to (a county reposts on the kinds of
 * channel the city used). It has reposted it when a live copy naming the original is on its channel
 * and in what it answers for (account-scope.ts: on its site, or of its region). The clock starts when
 * the revision naming the county reached the publisher; days are calendar days, not working days.
 */
export interface RepostItem { documentId: string; title: string; source: string | null; dueAt: string }
export interface AccountReposting {
  account: string; accountName: string; county: string | null; countyName: string | null; department: string;
  required: number; reposted: number;
  /** reposted / required (0–1); null when nothing was asked of the account. */
  rate: number | null;
  /** Not reposted and past due, oldest due first. */
  overdue: RepostItem[];
  /** Not reposted, still within the time. */
  pending: RepostItem[];
}

const DAY_MS = 86_400_000;
const DEFAULT_DAYS = 3;

interface Original { documentId: string; title: string; source: string | null; channels: string[]; days: number; markedAt: Map<string, string> }
interface Copy { of: string; channel: string; scope: DocumentScope }

type Body = {
  title?: string; channels?: string[]; department?: { name?: string } | null;
  repostCounties?: Array<{ code: string }>; repostWithinDays?: number | null; repostOf?: { documentId: string } | null;
};

/** Live rows (one per channel) whose live revision's body contains `marker`: a cheap filter before parsing. */
async function liveBodies(db: Db, marker: string) {
  const rows = await db.selectFrom('live')
    .innerJoin('revisions', (join) => join.onRef('revisions.document_id', '=', 'live.document_id').onRef('revisions.hash', '=', 'live.hash'))
    .select(['live.document_id', 'live.channel', 'revisions.body']).where('revisions.body', 'like', `%${marker}%`).execute();
  return rows.map((r) => ({ documentId: r.document_id, channel: r.channel, body: JSON.parse(r.body) as Body }));
}

/** The live items marked for reposting, with when each county was first asked (its first revision naming the county). */
async function originals(db: Db): Promise<Original[]> {
  const byId = new Map<string, Original>();
  for (const row of await liveBodies(db, '"repostCounties":[{')) {
    if (!row.body.repostCounties?.length) continue;
    byId.set(row.documentId, {
      documentId: row.documentId, title: row.body.title ?? row.documentId, source: row.body.department?.name ?? null,
      channels: row.body.channels ?? [], days: row.body.repostWithinDays ?? DEFAULT_DAYS, markedAt: new Map(),
    });
  }
  if (byId.size === 0) return [];
  const revisions = await db.selectFrom('revisions').select(['document_id', 'body', 'created_at'])
    .where('document_id', 'in', [...byId.keys()]).where('body', 'like', '%"repostCounties":[{%').orderBy('created_at').execute();
  for (const revision of revisions) {
    const original = byId.get(revision.document_id)!;
    for (const county of (JSON.parse(revision.body) as Body).repostCounties ?? []) {
      if (!original.markedAt.has(county.code)) original.markedAt.set(county.code, revision.created_at);
    }
  }
  return [...byId.values()];
}

/** An account that owes reposts at all: a site, or a main account carrying its whole region — never a terminal. */
const owesReposts = (a: ChannelAccount) => a.active && !isTerminalAccount(a) && (a.platform === 'site' || a.carries === 'all');

/** `marked`: only items asked of the county within [from, to) (the annual report's year). */
export async function repostingByAccount(
  db: Db, accounts: ChannelAccount[], places: Places, now: Date, marked?: { from: string; to: string },
): Promise<AccountReposting[]> {
  const items = await originals(db);
  if (items.length === 0) return [];
  const copies: Copy[] = (await liveBodies(db, '"repostOf":{')).filter((r) => r.body.repostOf?.documentId)
    .map((r) => ({ of: r.body.repostOf!.documentId, channel: r.channel, scope: scopeOf(r.body, places) }));
  const results: AccountReposting[] = [];
  for (const account of accounts.filter(owesReposts)) {
    const county = account.county?.code;
    const channel = channelOfAccount(account);
    if (!county || !channel) continue;
    const carried = carriedBy(account);
    const askedIn = (at: string | undefined) => at !== undefined && (!marked || (at >= marked.from && at < marked.to));
    const owed = items.filter((o) => askedIn(o.markedAt.get(county)) && o.channels.includes(channel));
    if (owed.length === 0) continue;
    const result: AccountReposting = {
      account: account.code, accountName: account.name, county, countyName: account.county?.name ?? null, department: account.department?.name ?? '（未填主办部门）',
      required: owed.length, reposted: 0, rate: null, overdue: [], pending: [],
    };
    for (const o of owed) {
      if (copies.some((c) => c.of === o.documentId && c.channel === channel && carried(c.scope))) {
        result.reposted += 1;
        continue;
      }
      const dueAt = new Date(Date.parse(o.markedAt.get(county)!) + o.days * DAY_MS).toISOString();
      (Date.parse(dueAt) < now.getTime() ? result.overdue : result.pending).push({ documentId: o.documentId, title: o.title, source: o.source, dueAt });
    }
    result.rate = result.reposted / result.required;
    result.overdue.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
    results.push(result);
  }
  return results;
}

/** 100%, 66.7%: the rate as the monitoring platforms write it. */
export const ratePercent = (rate: number | null): string => (rate === null ? '—' : `${Number((rate * 100).toFixed(1))}%`);

const lateDays = (now: Date, dueAt: string) => {
  const days = Math.floor((now.getTime() - Date.parse(dueAt)) / DAY_MS);
  return days < 1 ? '不足 1 天' : ` ${days} 天`;
};

/** 重要信息未按时转载: one inspection finding per overdue item and account, naming the item, its due time and the account's rate. */
export function repostFindings(list: AccountReposting[], now: Date) {
  return list.flatMap((a) => a.overdue.map((item) => ({
    account: a.account, accountName: a.accountName, department: a.department, county: a.county, kind: 'repost_overdue' as const, url: null,
    detail: `《${item.title}》${item.source ? `（${item.source}）` : ''}应于 ${chinaDateTime(new Date(item.dueAt))} 前转载，已逾期${lateDays(now, item.dueAt)}；本账号转载率 ${ratePercent(a.rate)}（${a.reposted}/${a.required}）`,
  })));
}

/** An account's figures as the annual report keeps them: the overdue items by title. */
export const repostFigures = (a: AccountReposting | undefined) =>
  (a ? { required: a.required, reposted: a.reposted, rate: a.rate ?? 0, overdue: a.overdue.map((o) => o.title) } : null);
