import { stringify } from 'csv-stringify/sync';
import type { Db } from '../store/db';
import type { FindingKind } from '../store/schema';

/** The latest finished inspection and its findings, as the status page and the exports show them. */
export const FINDING_NAMES: Record<FindingKind, string> = {
  stale: '长期未更新', failed_render: '渲染失败', broken_link: '链接失效', overdue_question: '咨询逾期未答复', unrouted_question: '咨询未分派',
  wording: '严重表述错误', repost_overdue: '重要信息未按时转载',
};

/** With a county (区县 code): only its findings; the run's account count stays the whole inspection's. */
export async function latestInspection(services: { db: Db }, county?: string) {
  const run = await services.db.selectFrom('inspection_runs').selectAll().where('finished_at', 'is not', null).orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (!run) return { run: null, findings: [] };
  let query = services.db.selectFrom('inspection_findings').selectAll().where('run_id', '=', run.id);
  if (county) query = query.where('county', '=', county);
  const rows = await query.orderBy('department').orderBy('account').execute();
  return {
    run: { id: run.id, startedAt: run.started_at, finishedAt: run.finished_at, accounts: run.accounts, error: run.error },
    findings: rows.map((f) => ({ account: f.account, accountName: f.account_name, department: f.department, kind: f.kind, kindName: FINDING_NAMES[f.kind], detail: f.detail, url: f.url, county: f.county })),
  };
}

/** CSV with a BOM, so Excel on a clerk's Windows machine opens the Chinese correctly. */
export function findingsCsv(findings: Awaited<ReturnType<typeof latestInspection>>['findings'], countyName: (code: string | null) => string): string {
  return `\uFEFF${stringify(findings.map((f) => [countyName(f.county), f.department, f.accountName, f.account, f.kindName, f.detail, f.url ?? '']), {
    header: true, columns: ['区县', '主办部门', '账号', '账号代码', '问题', '详情', '链接'],
  })}`;
}
