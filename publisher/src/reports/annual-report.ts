import { isTerminalAccount } from '../inspection/account-scope';
import { reportTemplates } from '@tongyuan/templates';
import { yuan } from '../funds/amounts';
import type { FundFigures } from './fund-figures';
import { channelTotals, formatsByDepartment, monthlyTrend, questionsByDepartment, union } from './charts';
import { chinaDate, chinaDateTime, count, dueQuestions, onTimeRate, percent, periodEnd, STALE_AFTER_MS } from './format';
import { embeddedFontCss, glyphsMissing, shown } from './report-font';
import type { AccountReport, AnnualReportData, DepartmentReport } from './report-data';
import { ratePercent } from '../reposting/reposting';
import { countsSentence } from '../norms/wording-findings';
import { downloadTables } from './download-places';

/**
 * The annual report as one self-contained HTML page (charts inline as SVG, font embedded):
 * a pure function of its data, the same page on screen and, through report-pdf.ts, on paper.
 */
export async function renderAnnualReportHtml(data: AnnualReportData): Promise<string> {
  const view = reportView(data);
  // The font is cut to the page's own characters, so the page is rendered once without it to learn them.
  const draft = reportTemplates.annual({ ...view, css: reportTemplates.css, fontCss: '' });
  return reportTemplates.annual({ ...view, css: reportTemplates.css, fontCss: await embeddedFontCss(draft) });
}

/** A county's report says whose it is first: 莒县 · 2026 年度…. */
export const reportTitle = (data: AnnualReportData): string =>
  `${data.scope.kind === 'county' ? `${data.scope.name} · ` : ''}${data.year} 年度政务新媒体与政策解读发布报告`;

/** Characters in the data's names that the bundled font lacks (emoji are left out of the page anyway). */
export function reportMissingGlyphs(data: AnnualReportData): string[] {
  const names = [data.scope.name, data.issuer ?? '', ...data.departments.flatMap((d) => [d.name, ...d.byFormat.map((f) => f.name), ...d.byChannel.map((c) => c.name)]),
    ...data.accounts.flatMap((a) => [a.name, a.platformName, a.department, a.administrator])];
  return glyphsMissing(names);
}

/** Department tables up to this many rows fit on one A4 page with their heading. */
const KEEP_WHOLE_ROWS = 24;

const SCOPE: Record<AnnualReportData['scope']['kind'], string> = { all: '全部部门和账号', county: '区县', department: '部门', account: '账号' };

function reportView(data: AnnualReportData) {
  const end = periodEnd(data.year, data.generatedAt);
  const t = data.totals;
  const due = t.questionsAnswered + t.questionsOverdueOpen;
  const hasDepartments = data.departments.length > 0;
  const formats = union(data.departments.map((d) => d.byFormat.map((f) => ({ key: f.format, name: f.name }))));
  const channels = union(data.departments.map((d) => d.byChannel.map((c) => ({ key: c.channel, name: c.name }))));
  const accounts = data.accounts.map((a, i) => accountRow(a, i, end));
  return {
    title: reportTitle(data),
    issuer: data.issuer ? shown(data.issuer) : null,
    scope: data.scope.kind === 'all' ? SCOPE.all : `${SCOPE[data.scope.kind]}：${shown(data.scope.name)}`,
    period: `${data.year}-01-01 至 ${chinaDate(new Date(end).toISOString())}`,
    generatedAt: chinaDateTime(data.generatedAt),
    kpis: [
      { label: '发布政策解读', value: count(t.interpretations), unit: '篇' },
      { label: '各渠道发布', value: count(t.renditions), unit: '件次' },
      { label: '订阅源拉取', value: count(t.feedPulls), unit: '次' },
      { label: '下载', value: count(t.downloads), unit: '次' },
      { label: '收到公众提问', value: count(t.questionsReceived), unit: '条' },
      { label: '已答复', value: count(t.questionsAnswered), unit: '条' },
      { label: '按时答复率', value: percent(t.answeredOnTime, due), unit: '', id: 'kpi-on-time' },
      { label: '政务新媒体账号', value: count(data.accounts.length), unit: '个' },
    ],
    hasDepartments,
    // 你建言我来办 and open events (issue 20): counts only.
    openGovernment: data.openGovernment && [
      { label: '你建言我来办 征集轮次', value: count(data.openGovernment.roundsHeld), unit: '轮' },
      { label: '收到建议（诉求）', value: count(data.openGovernment.suggestions), unit: '条' },
      { label: '已答复', value: count(data.openGovernment.replied), unit: '条' },
      { label: '已采纳', value: count(data.openGovernment.adopted), unit: '条' },
      { label: '部分采纳', value: count(data.openGovernment.partlyAdopted), unit: '条' },
      { label: '暂不采纳', value: count(data.openGovernment.notAdopted), unit: '条' },
      { label: '开放活动', value: count(data.openGovernment.events), unit: '场' },
      { label: '参与人数（报名确认）', value: count(data.openGovernment.participants), unit: '人' },
      { label: '问卷答卷', value: count(data.openGovernment.surveyResponses), unit: '份' },
    ],
    // 民生资金公开 (issue 21): counts and sums only.
    livelihoodFunds: data.livelihoodFunds && fundKpis(data.livelihoodFunds),
    keepTablesWhole: data.departments.length <= KEEP_WHOLE_ROWS,
    charts: {
      formats: formatsByDepartment(data.departments),
      channels: channels.length > 0 ? channelTotals(data.departments) : null,
      monthly: data.monthly.length > 0 ? monthlyTrend(data.monthly) : null,
      questions: questionsByDepartment(data.departments),
    },
    formatColumns: formats.map((f) => shown(f.name)),
    formatRows: data.departments.map((d) => matrixRow(d, formats.map((f) => d.byFormat.find((x) => x.format === f.key)?.count ?? 0))),
    channelColumns: channels.map((c) => shown(c.name)),
    channelRows: data.departments.map((d) => matrixRow(d, channels.map((c) => d.byChannel.find((x) => x.channel === c.key)?.count ?? 0))),
    // Downloads where they came from: the county and the department whose file it was (a grid worker's 明白纸), per channel.
    downloads: downloadTables(data.downloadPlaces, shown, count),
    questionRows: data.departments.map(questionRow),
    questionTotal: questionRow({ name: '合计', questions: { received: t.questionsReceived, answered: t.questionsAnswered, answeredOnTime: t.answeredOnTime, overdueOpen: t.questionsOverdueOpen } }),
    accounts,
    staleAccounts: count(accounts.filter((a) => a.stale).length),
    findings: count(data.accounts.reduce((sum, a) => sum + a.findings, 0)),
    // 表述规范: the monitoring platforms' sentence for the scope, and the accounts where any was found.
    wording: t.wording && {
      sentence: countsSentence(t.wording),
      accounts: data.accounts.filter((a) => a.wording && a.wording.found > 0).map((a) => ({
        code: a.code, name: shown(a.name), platformName: shown(a.platformName), found: count(a.wording!.found), fixed: count(a.wording!.fixed),
        open: count(a.wording!.open), withdrawn: count(a.wording!.withdrawn), hasOpen: a.wording!.open > 0,
      })),
    },
    // 重要信息转载: the accounts asked to repost that year, their rate and what is overdue.
    reposting: data.accounts.filter((a) => a.reposting).map((a) => ({
      code: a.code, name: shown(a.name), platformName: shown(a.platformName), required: count(a.reposting!.required), reposted: count(a.reposting!.reposted),
      rate: ratePercent(a.reposting!.rate), complete: a.reposting!.rate === 1, overdue: a.reposting!.overdue.map(shown),
    })),
  };
}

const idle = (d: DepartmentReport) => d.interpretations === 0 && d.questions.received === 0 && d.feedPulls === 0 && d.downloads === 0;

function matrixRow(d: DepartmentReport, cells: number[]) {
  return { code: d.code, name: shown(d.name), idle: idle(d), cells: cells.map(count), total: count(d.interpretations), feedPulls: count(d.feedPulls), downloads: count(d.downloads) };
}

function questionRow(d: Pick<DepartmentReport, 'name' | 'questions'> & { code?: string }) {
  const q = d.questions;
  return {
    code: d.code ?? null, name: shown(d.name), idle: q.received === 0,
    received: count(q.received), answered: count(q.answered), onTime: count(q.answeredOnTime), late: count(q.answered - q.answeredOnTime),
    overdueOpen: count(q.overdueOpen), due: count(dueQuestions(q)), rate: onTimeRate(q),
  };
}

function accountRow(a: AccountReport, index: number, end: number) {
  const last = a.lastUpdateAt ? Date.parse(a.lastUpdateAt) : null;
  return {
    index: index + 1, code: a.code, name: shown(a.name), platformName: shown(a.platformName), department: shown(a.department), administrator: shown(a.administrator),
    openedOn: a.openedOn ?? '—', published: count(a.published), feedPulls: count(a.feedPulls), downloads: count(a.downloads),
    lastUpdate: a.lastUpdateAt ? chinaDate(a.lastUpdateAt) : isTerminalAccount(a) ? '从未同步' : '从未发布', // a kiosk's last update is its last sync
    stale: last === null || end - last > STALE_AFTER_MS,
    findings: count(a.findings), hasFindings: a.findings > 0,
  };
}

function fundKpis(f: FundFigures) {
  return [
    ...f.published.map((k) => ({ label: `公开${k.name}批次`, value: count(k.batches), unit: '批', rows: `${count(k.rows)} 行` })),
    { label: '更正', value: count(f.corrections), unit: '次' },
    { label: '撤回', value: count(f.withdrawals), unit: '批' },
    { label: '年末公开的发放记录', value: count(f.payments.rows), unit: '笔' },
    { label: '发放金额', value: yuan(f.payments.totalFen), unit: '元' },
    { label: '覆盖村（社区）', value: count(f.payments.villages), unit: '个' },
    { label: '资金项目', value: count(f.payments.funds), unit: '项' },
    { label: '我要监督 收到反映', value: count(f.supervision.received), unit: '件' },
    { label: '已办结', value: count(f.supervision.answered), unit: '件' },
    { label: '按期办结', value: count(f.supervision.answeredOnTime), unit: '件' },
  ];
}
