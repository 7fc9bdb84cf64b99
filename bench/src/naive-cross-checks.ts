import { sql } from 'kysely';
import type { Db } from '../../publisher/src/store/db';
import type { CheckScope } from '../../publisher/src/store/fund-checks';

/**
 * The cross-checks as a team might first write them: load the county's live rows for the period, then
 * for each row ask the database whether the same payee had another payment of that fund in the same
 * month, for the same item or in another village, and whether the payee is on either roster; the
 * standard is compared in memory. Every query is indexed (payee_key, the rosters' keys): it is slow
 * only by its count. Run for NAIVE_SECONDS and extrapolated to all the rows.
 */
const NAIVE_SECONDS = 15;

interface LiveRow { batch_id: number; row_number: number; fund: string; village: string; township: string; payee_key: string; amount_fen: number | string; paid_on: string; item: string | null }

export async function naiveCrossChecks(db: Db, scope: CheckScope): Promise<{ rate: number; seconds: number; sampled: number; loadSeconds: number; flagged: number }> {
  const loadStarted = Date.now();
  const { rows } = await sql<LiveRow>`select p.batch_id, p.row_number, p.fund, p.township, p.village, p.payee_key, p.amount_fen, p.paid_on, p.item
    from fund_payments p join fund_batches b on b.id = p.batch_id
    where b.county = ${scope.county} and b.status = 'live' and p.paid_on between ${scope.from} and ${scope.to}`.execute(db);
  const standards = new Map((await sql<{ name: string; standard_fen: number | null }>`select name, standard_fen from fund_funds where county = ${scope.county}`.execute(db))
    .rows.map((f) => [f.name, f.standard_fen === null ? null : Number(f.standard_fen)]));
  const loadSeconds = (Date.now() - loadStarted) / 1000;
  const started = Date.now();
  let sampled = 0;
  let flagged = 0;
  for (const row of rows) {
    if (Date.now() - started > NAIVE_SECONDS * 1000) break;
    const others = await sql<{ n: number }>`select count(*) as n from fund_payments p join fund_batches b on b.id = p.batch_id
      where p.payee_key = ${row.payee_key} and p.fund = ${row.fund} and b.status = 'live' and b.county = ${scope.county}
        and p.paid_on between ${scope.from} and ${scope.to} and not (p.batch_id = ${row.batch_id} and p.row_number = ${row.row_number})
        and (substr(p.paid_on, 1, 7) = ${row.paid_on.slice(0, 7)} or p.item = ${row.item} or p.township <> ${row.township} or p.village <> ${row.village})`.execute(db);
    const departed = await sql`select since from fund_departed where county = ${scope.county} and payee_key = ${row.payee_key} and since < ${row.paid_on}`.execute(db);
    const official = await sql`select post from fund_officials where county = ${scope.county} and payee_key = ${row.payee_key}`.execute(db);
    const standard = standards.get(row.fund);
    if (Number(others.rows[0].n) > 0 || departed.rows.length || official.rows.length || (standard != null && Number(row.amount_fen) > standard)) flagged += 1;
    sampled += 1;
  }
  const seconds = (Date.now() - started) / 1000;
  // The load is paid once whatever the sample; the rate is of the per-row part.
  return { rate: sampled / seconds, seconds, sampled, loadSeconds, flagged };
}
