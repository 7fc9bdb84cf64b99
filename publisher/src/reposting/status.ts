import { chinaDateTime } from '@tongyuan/document';
import type { ChannelAccount, CmsDeskClient } from '../ingest/desk-client';
import type { County, CountyDirectory } from '../inspection/county-directory';
import type { Db } from '../store/db';
import { ratePercent, repostingByAccount, type AccountReposting } from './reposting';

/**
 * 重要信息转载 on /status: each account's rate and overdue items, now. The account registry is read
 * from the CMS on each view (one request, so an account filed a moment ago counts); while the CMS
 * does not answer within 3 seconds the last registry read is used, and before any the page says so.
 */
const WAIT_MS = 3000;

export interface RepostingStatusDeps { db: Db; cmsDesk: Pick<CmsDeskClient, 'channelAccounts'>; clock: () => Date }

export class RepostingStatus {
  private lastGood: ChannelAccount[] | undefined;

  constructor(private readonly deps: RepostingStatusDeps, private readonly counties: CountyDirectory) {}

  private async accounts(): Promise<ChannelAccount[]> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${WAIT_MS / 1000} 秒内无响应`)), WAIT_MS); });
    try {
      this.lastGood = await Promise.race([this.deps.cmsDesk.channelAccounts(), timeout]);
      return this.lastGood;
    } catch (error) {
      if (this.lastGood) return this.lastGood;
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  async of(county: County | null): Promise<{ accounts: AccountReposting[]; error: string | null }> {
    try {
      const [accounts, places] = await Promise.all([this.accounts(), this.counties.places()]);
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
