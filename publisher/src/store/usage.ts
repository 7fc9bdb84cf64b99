import { chinaDayOf } from '@tongyuan/document';
import { sql } from 'kysely';
import type { Db } from './db';
import type { Logger } from '../logger';
import type { UsageDailyTable } from './schema';

/**
 * Feed pulls and downloads, counted per day, channel, site and document for the annual report.
 * Counts gather in memory and are written every few seconds in one statement (a read of a feed
 * costs no write); a crash loses at most those seconds of counting, never a publication.
 */
const FLUSH_MS = 10_000;
type Key = Pick<UsageDailyTable, 'kind' | 'channel' | 'site' | 'document_id'>;

export class UsageCounter {
  private pending = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly db: Db, private readonly logger: Logger) {}

  /** A reader's GET counts; HEAD requests and the channel inspection's own crawl do not. */
  countRequest(request: { method: string; headers: Record<string, unknown> }, key: Key): void {
    if (request.method !== 'GET' || String(request.headers['user-agent'] ?? '').startsWith('tongyuan-inspection/')) return;
    this.count(key);
  }

  count(key: Key, now = new Date()): void {
    const id = JSON.stringify([chinaDayOf(now), key.kind, key.channel, key.site, key.document_id]);
    this.pending.set(id, (this.pending.get(id) ?? 0) + 1);
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS).unref();
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const rows = [...batch].map(([id, count]) => {
      const [day, kind, channel, site, document_id] = JSON.parse(id) as [string, Key['kind'], string, string, string];
      return { day, kind, channel, site, document_id, count };
    });
    try {
      for (let i = 0; i < rows.length; i += 500) {
        await this.db.insertInto('usage_daily').values(rows.slice(i, i + 500))
          .onConflict((oc) => oc.columns(['day', 'kind', 'channel', 'site', 'document_id']).doUpdateSet({ count: sql`usage_daily.count + excluded.count` }))
          .execute();
      }
    } catch (error) {
      // Put them back: the next flush tries again.
      for (const [id, count] of batch) this.pending.set(id, (this.pending.get(id) ?? 0) + count);
      this.logger.warn({ err: (error as Error).message }, '访问计数暂时无法写入，稍后重试');
    }
  }

  /** Sums per (kind, channel, site, document, month) between two days (inclusive), for the report. */
  async between(fromDay: string, toDay: string) {
    return this.db.selectFrom('usage_daily')
      .select(['kind', 'channel', 'site', 'document_id', sql<string>`substr(day, 1, 7)`.as('month'), sql<number>`sum(count)`.as('count')])
      .where('day', '>=', fromDay).where('day', '<=', toDay)
      .groupBy(['kind', 'channel', 'site', 'document_id', sql`substr(day, 1, 7)`])
      .execute();
  }
}
