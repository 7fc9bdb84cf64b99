import { sql } from 'kysely';
import type { Db } from '../store/db';
import type { FundBatchKind } from '../store/funds';
import { count, yuan } from './amounts';
import { HOUSING_STATUSES } from './housing-rows';
import { maskIdNumber, maskName, type MaskRule } from './masking';

/**
 * What a reviewer checks before signing a batch off (签发) on the CMS's 民生资金 page (核对明细), as
 * tables of figures the county's pages will show once it is live: a payment batch's payments and
 * amount per fund and township; a projects batch's projects and investment per township and fund,
 * and each project; a ledger's 收入, 支出 and 结余 per village and period; a 公租房 roster's
 * applications per status and category, and what a correction changes. Sums and counts only: no
 * payee or applicant (a project is public as it stands, with no person in it).
 */
export interface ReviewTable { title: string; columns: string[]; rows: string[][]; total?: string[] }

const PINYIN = new Intl.Collator('zh-Hans-CN');
/** Projects listed one by one in the review; a larger sheet's rest are in the sums. */
const PROJECTS_LISTED = 100;
type Row = Record<string, unknown>;
const rowsOf = async (db: Db, query: ReturnType<typeof sql>) => (await query.execute(db)).rows as Row[];
/** In pinyin order, as a Chinese list is read (the stores' own collations differ). */
const byName = (rows: string[][]) => rows.sort((a, b) => PINYIN.compare(a[0], b[0]));

async function paymentReview(db: Db, batchId: number): Promise<ReviewTable[]> {
  const by = async (column: 'fund' | 'township', title: string, label: string): Promise<ReviewTable> => {
    const rows = await rowsOf(db, sql`select ${sql.ref(column)} as name, sum(payments) as n, sum(total_fen) as fen from fund_batch_places
      where batch_id = ${batchId} group by ${sql.ref(column)}`);
    return { title, columns: [label, '笔数', '金额（元）'], rows: byName(rows.map((r) => [String(r.name), count(Number(r.n)), yuan(Number(r.fen))])) };
  };
  return [await by('fund', '按资金', '资金'), await by('township', '按乡镇', '乡镇')];
}

async function projectReview(db: Db, batchId: number): Promise<ReviewTable[]> {
  const by = async (column: 'township' | 'fund', title: string, label: string): Promise<ReviewTable> => {
    const rows = await rowsOf(db, sql`select ${sql.ref(column)} as name, count(*) as n, sum(amount_fen) as fen from fund_projects
      where batch_id = ${batchId} group by ${sql.ref(column)}`);
    const total = rows.reduce((sum, r) => sum + Number(r.fen), 0);
    return {
      title, columns: [label, '项目数', '投资（元）'], rows: byName(rows.map((r) => [String(r.name), count(Number(r.n)), yuan(Number(r.fen))])),
      total: ['合计', count(rows.reduce((sum, r) => sum + Number(r.n), 0)), yuan(total)],
    };
  };
  const projects = await rowsOf(db, sql`select name, township, village, status, amount_fen from fund_projects where batch_id = ${batchId} order by row_number limit ${PROJECTS_LISTED}`);
  return [await by('township', '按乡镇', '乡镇'), await by('fund', '按资金', '资金'), {
    title: projects.length === PROJECTS_LISTED ? `项目（前 ${PROJECTS_LISTED} 个）` : '项目',
    columns: ['项目名称', '乡镇、村', '项目状态', '投资（元）'],
    rows: projects.map((p) => [String(p.name), p.village ? `${String(p.township)} ${String(p.village)}` : `${String(p.township)}（全乡镇）`, String(p.status), yuan(Number(p.amount_fen))]),
  }];
}

async function ledgerReview(db: Db, batchId: number): Promise<ReviewTable[]> {
  const lines = await rowsOf(db, sql`select township, village, period, period_key, kind, sum(amount_fen) as fen from fund_ledger_lines
    where batch_id = ${batchId} group by township, village, period, period_key, kind`);
  const periods = new Map<string, { names: string[]; key: string; income: number; expense: number }>();
  for (const l of lines) {
    const id = `${String(l.township)}/${String(l.village)}/${String(l.period_key)}`;
    const period = periods.get(id) ?? { names: [String(l.township), String(l.village), String(l.period)], key: String(l.period_key), income: 0, expense: 0 };
    period[l.kind === '收入' ? 'income' : 'expense'] += Number(l.fen);
    periods.set(id, period);
  }
  const sorted = [...periods.values()].sort((a, b) => PINYIN.compare(a.names[0], b.names[0]) || PINYIN.compare(a.names[1], b.names[1]) || b.key.localeCompare(a.key));
  const sum = (f: 'income' | 'expense') => sorted.reduce((s, p) => s + p[f], 0);
  return [{
    title: '按村和期间', columns: ['乡镇', '村（社区）', '期间', '收入（元）', '支出（元）', '结余（元）'],
    rows: sorted.map((p) => [...p.names, yuan(p.income), yuan(p.expense), yuan(p.income - p.expense)]),
    total: ['合计', '', '', yuan(sum('income')), yuan(sum('expense')), yuan(sum('income') - sum('expense'))],
  }];
}

async function housingReview(db: Db, batchId: number): Promise<ReviewTable[]> {
  const counted = async (column: 'status' | 'category') => new Map((await rowsOf(db, sql`select ${sql.ref(column)} as name, count(*) as n
    from housing_applications where batch_id = ${batchId} group by ${sql.ref(column)}`)).map((r) => [String(r.name), Number(r.n)]));
  const [statuses, categories] = await Promise.all([counted('status'), counted('category')]);
  const [housed] = await rowsOf(db, sql`select count(*) as n from housing_applications where batch_id = ${batchId} and estate is not null`);
  const all = [...statuses.values()].reduce((s, n) => s + n, 0);
  const tables: ReviewTable[] = [
    {
      title: `按审核状态（其中已配租 ${count(Number(housed.n))} 户）`, columns: ['审核状态', '申请数'], rows: HOUSING_STATUSES.map((s) => [s, count(statuses.get(s) ?? 0)]),
      total: ['合计', count(all)],
    },
    { title: '按申请类别', columns: ['申请类别', '申请数'], rows: byName([...categories].map(([name, n]) => [name, count(n)])) },
  ];
  const [changes] = await rowsOf(db, sql`select v.added, v.removed, v.changed from housing_versions v join fund_batches b on b.id = v.batch_id
    where v.batch_id = ${batchId} and b.replaces is not null`);
  if (changes) tables.push({ title: '与现行版本相比', columns: ['新增', '删除', '变动'], rows: [[count(Number(changes.added)), count(Number(changes.removed)), count(Number(changes.changed))].map((n) => `${n} 户`)] });
  return tables;
}

const REVIEWS: Record<FundBatchKind, (db: Db, batchId: number) => Promise<ReviewTable[]>> = {
  payments: paymentReview, projects: projectReview, ledgers: ledgerReview, housing: housingReview,
};

export const batchReview = (db: Db, batch: { id: number; kind: FundBatchKind }): Promise<ReviewTable[]> => REVIEWS[batch.kind](db, batch.id);

/**
 * A refused row's reason as the CMS's list shows it to anyone of the county who uploads or signs off:
 * a name or ID number it quotes (a name with digits in it, a malformed number) masked by the public
 * rule, the birth date of a malformed number left out. The uploader's own answer keeps them whole.
 */
export const maskedRowError = (error: string, rule: MaskRule) => error
  .replace(/姓名“([^”]*)”/g, (_, value: string) => `姓名“${maskName(value, rule)}”`)
  .replace(/(身份证号[^“；]*)“([^”]*)”/g, (_, label: string, value: string) => `${label}“${maskIdNumber(value, rule)}”`)
  .replace(/出生日期 \d{8} /g, '出生日期');
