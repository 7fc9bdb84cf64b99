import { chinaDayOf } from '@tongyuan/document';
import type { Config } from '../config';
import type { ChannelAccount } from '../ingest/desk-client';
import type { QuestionStore } from '../store/questions';
import type { WorkingDayCalendar } from '../questions/working-days';
import type { FindingKind } from '../store/schema';
import { AccountActivityReader, type AccountActivityDeps } from './account-activity';
import { isTerminalAccount, questionScope, type Places } from './account-scope';
import { brokenLinksAmong, brokenLinksOnSite, type LinkCheckDeps } from './link-check';
import { lateness } from '../questions/working-days';
import { repostFindings, repostingByAccount } from '../reposting/reposting';

/**
 * Suzhou's regular inspection of government new-media accounts, over the account registry in the
 * CMS: accounts with nothing new in their own N days, renditions that failed, broken links on
 * sites, and questions past due or never routed. One run replaces the last one's findings; the
 * status page shows them and they can be exported.
 */
export interface InspectionFinding { account: string; accountName: string; department: string; kind: FindingKind; detail: string; url: string | null; county: string | null }

const DAY_MS = 86_400_000;

export type InspectionDeps = AccountActivityDeps & LinkCheckDeps & {
  config: Pick<Config, 'PUBLIC_URL' | 'INSPECTION_LINK_TIMEOUT_MS' | 'QUESTION_DUE_WORKING_DAYS'>;
  questionDesk: QuestionStore;
  calendar: WorkingDayCalendar;
  clock: () => Date;
};

export async function inspectChannels(services: InspectionDeps): Promise<{ runId: number; accounts: number; findings: number }> {
  const { db, clock } = services;
  const now = clock();
  const run = await db.insertInto('inspection_runs').values({ started_at: now.toISOString(), accounts: 0, findings: 0 }).returning('id').executeTakeFirstOrThrow();
  try {
    const accounts = (await services.cmsDesk.channelAccounts()).filter((a) => a.active);
    const findings: InspectionFinding[] = [];
    const activity = new AccountActivityReader(services);
    for (const account of accounts) findings.push(...(await inspectAccount(services, activity, account, now)));
    findings.push(...(await questionFindings(services, now, await activity.places())));
    // 重要信息转载: each overdue item per account that owes it (src/reposting).
    findings.push(...repostFindings(await repostingByAccount(db, accounts, await activity.places(), now), now));
    for (let i = 0; i < findings.length; i += 200) {
      await db.insertInto('inspection_findings').values(findings.slice(i, i + 200).map((f) => ({
        run_id: run.id, account: f.account, account_name: f.accountName, department: f.department, kind: f.kind, detail: f.detail, url: f.url, county: f.county,
      }))).execute();
    }
    await db.updateTable('inspection_runs').set({ finished_at: clock().toISOString(), accounts: accounts.length, findings: findings.length }).where('id', '=', run.id).execute();
    // Only the latest finished run is shown; older findings are history nobody reads.
    await db.deleteFrom('inspection_findings').where('run_id', '<', run.id).execute();
    return { runId: run.id, accounts: accounts.length, findings: findings.length };
  } catch (error) {
    await db.updateTable('inspection_runs').set({ finished_at: clock().toISOString(), error: (error as Error).message.slice(0, 500) }).where('id', '=', run.id).execute();
    throw error;
  }
}

async function inspectAccount(services: InspectionDeps, activity: AccountActivityReader, account: ChannelAccount, now: Date): Promise<InspectionFinding[]> {
  const base = { account: account.code, accountName: account.name, department: account.department?.name ?? '（未填主办部门）', county: account.county?.code ?? null };
  const findings: InspectionFinding[] = [];
  const seen = await activity.of(account);
  const idleDays = seen.lastUpdateAt ? Math.floor((now.getTime() - Date.parse(seen.lastUpdateAt)) / DAY_MS) : null;
  if (idleDays === null || idleDays >= account.staleAfterDays) {
    const what = isTerminalAccount(account) ? '终端没有同步' : '没有更新';
    findings.push({ ...base, kind: 'stale', url: null, detail: seen.lastUpdateAt
      ? `已 ${idleDays} 天${what}（最近一次 ${chinaDayOf(new Date(seen.lastUpdateAt))}；要求每 ${account.staleAfterDays} 天内至少一次）`
      : `开设（${account.openedOn}）以来${isTerminalAccount(account) ? '从未同步' : '没有发布过内容'}` });
  }
  for (const wrong of seen.wording) {
    findings.push({ ...base, kind: 'wording', url: null, detail: `《${wrong.title}》${wrong.message}` });
  }
  for (const failure of seen.failures) {
    findings.push({ ...base, kind: 'failed_render', url: null, detail: `《${failure.title}》渲染失败：${failure.reason}` });
  }
  if (account.platform === 'site' && account.site) {
    for (const link of await brokenLinksOnSite(services, account.site)) {
      findings.push({ ...base, kind: 'broken_link', url: link.url, detail: `链接打不开（${link.status || '无法连接'}），出现在 ${link.parent}` });
    }
  }
  for (const link of await brokenLinksAmong(services, seen.links)) {
    findings.push({ ...base, kind: 'broken_link', url: link.url, detail: `《${link.title}》的全文链接打不开（${link.status || '无法连接'}）` });
  }
  return findings;
}

/**
 * Questions past due (per department) and questions no department has (Yichun's 2-working-day
 * promise), each in its county: the answering department's, else the site's or terminal's it was asked on.
 */
async function questionFindings(services: InspectionDeps, now: Date, places: Places): Promise<InspectionFinding[]> {
  const findings: InspectionFinding[] = [];
  const byDepartment = new Map<string, { name: string; receipts: string[]; days: number; unit: string; county: string | null }>();
  for (const q of await services.questionDesk.overdue(now.toISOString())) {
    const key = q.department_code ?? '';
    const entry = byDepartment.get(key) ?? { name: q.department_name ?? '（未分派）', receipts: [], days: 0, unit: '个工作日', county: questionScope(q, places).county };
    entry.receipts.push(q.receipt);
    const late = lateness(services.calendar, new Date(q.due_at!), now);
    if (late.days > entry.days) Object.assign(entry, late);
    byDepartment.set(key, entry);
  }
  for (const [code, entry] of byDepartment) {
    findings.push({ account: `department:${code || 'none'}`, accountName: entry.name, department: entry.name, kind: 'overdue_question', url: null, county: entry.county,
      detail: `${entry.receipts.length} 条咨询超过 ${services.config.QUESTION_DUE_WORKING_DAYS} 个工作日未答复（最久超期 ${entry.days.toFixed(1)} ${entry.unit}）：${entry.receipts.slice(0, 10).join('、')}${entry.receipts.length > 10 ? ' 等' : ''}` });
  }
  const stuck = (await services.questionDesk.open()).filter((q) => !q.delivered_at || !q.department_code);
  const stuckIn = new Map<string | null, string[]>();
  for (const q of stuck) {
    const county = questionScope(q, places).county;
    stuckIn.set(county, [...(stuckIn.get(county) ?? []), q.receipt]);
  }
  for (const [county, receipts] of stuckIn) {
    findings.push({ account: 'desk', accountName: '咨询受理', department: '政府办公室', kind: 'unrouted_question', url: null, county,
      detail: `${receipts.length} 条咨询还没有承办部门（未送达 CMS 或未分派）：${receipts.slice(0, 10).join('、')}` });
  }
  return findings;
}
