import { chinaDateTime } from '@tongyuan/document';
import type { ChannelAccount, CmsDeskClient } from '../ingest/desk-client';
import type { County, CountyDirectory } from '../inspection/county-directory';
import type { Db } from '../store/db';
import { ratePercent, repostingByAccount, type AccountReposting } from './reposting';

/**
 * 重要信息转载 on /status: each account's rate and overdue items, now. The account registry is read
 * from the CMS and remembered a minute (the page reloads every 15 seconds); while the CMS cannot be
 * read within 3 seconds the page says so and shows the rest.
 */
const KEEP_MS = 60_000;
const WAIT_MS = 3000;

export interface RepostingStatusDeps { db: Db; cmsDesk: Pick<CmsDeskClient, 'channelAccounts'>; clock: () => Date }

export class RepostingStatus {
  private read: { at: number; accounts: Promise<ChannelAccount[]> } | undefined;

  constructor(private readonly deps: RepostingStatusDeps, private readonly counties: CountyDirectory) {}

  private accounts(): Promise<ChannelAccount[]> {
    const now = this.deps.clock().getTime();
    if (!this.read || now - this.read.at > KEEP_MS) {
      const accounts = this.deps.cmsDesk.channelAccounts();
      this.read = { at: now, accounts };
      accounts.catch(() => { if (this.read?.accounts === accounts) this.read = undefined; });
    }
    return this.read.accounts;
  }

  async of(county: County | null): Promise<{ accounts: AccountReposting[]; error: string | null }> {
    try {
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${WAIT_MS / 1000} 秒内无响应`)), WAIT_MS).unref());
      const [accounts, places] = await Promise.race([Promise.all([this.accounts(), this.counties.places()]), timeout]);
      const all = await repostingByAccount(this.deps.db, accounts, places, this.deps.clock());
      return { accounts: county ? all.filter((a) => a.county === county.code) : all, error: null };
    } catch (error) {
      return { accounts: [], error: `暂时无法读取 CMS 的渠道账号（${(error as Error).message}），转载率稍后显示` };
    }
  }
}

/** The table rows the page shows: the rate as a percentage, due times in China time. */
export const repostingRows = (accounts: AccountReposting[]) => accounts.map((a) => ({
  ...a, ratePercent: ratePercent(a.rate), complete: a.rate === 1,
  overdue: a.overdue.map((o) => ({ ...o, due: chinaDateTime(new Date(o.dueAt)) })),
  pending: a.pending.map((o) => ({ ...o, due: chinaDateTime(new Date(o.dueAt)) })),
}));
