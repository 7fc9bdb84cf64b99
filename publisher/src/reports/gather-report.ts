import { chinaDayOf } from '@tongyuan/document';
import { PublisherError } from '../errors';
import { AccountActivityReader, type AccountActivityDeps } from '../inspection/account-activity';
import { channelOfAccount } from '../inspection/account-scope';
import { carriedBy, questionScope, scopeOf, type DocumentScope, type Places } from '../inspection/account-scope';
import type { ChannelAccount } from '../ingest/desk-client';
import { latestInspection } from '../inspection/findings-view';
import { repostFigures, repostingByAccount } from '../reposting/reposting';
import type { QuestionStore } from '../store/questions';
import type { StrapiClient } from '../ingest/strapi-client';
import { openFigures, openFigureSources } from '../questions/open-figures';
import type { UsageCounter } from '../store/usage';
import { countsOf, type WordingFindings } from '../norms/wording-findings';

/** What the annual report reads: the store, the CMS's account registry, usage counts and the channels' names. */
export type ReportDeps = AccountActivityDeps & {
  clock: () => Date; channels: Array<{ code: string; name: string }>; questionDesk: QuestionStore; strapi: Pick<StrapiClient, 'get'>; usage: UsageCounter; wordingFindings: WordingFindings;
};
import type { AccountReport, AnnualReportData, DepartmentReport, MonthlyReport } from './report-data';
import { downloadPlaces } from './download-places';
import { fundFigures } from './fund-figures';

/**
 * The annual report's figures for one year, from the publisher's own record: interpretations
 * first published that year (by format and by the channels they went live on), feed pulls and
 * downloads counted per day, questions and whether each was answered by its due time, and the
 * registered accounts with the latest inspection's findings. Scope: everything, one county (区县:
 * its accounts, and its departments' documents and questions), one department or one account; an
 * account's figures are only of the documents it answers for (account-scope.ts).
 */
const FORMATS: Record<string, string> = {
  graphic_text: '图文', explainer_image: '一图读懂', animation: '动漫', sketch: '情景剧', qa: '问答', narration: '解说', interview: '访谈',
};
const PLATFORMS: Record<ChannelAccount['platform'], string> = { wechat: '微信公众号', weibo: '微博', short_video: '短视频', site: '网站', kiosk: '触摸屏' };

export interface ReportScope { year: number; county?: { code: string; name: string }; department?: string; account?: string }

interface Published { documentId: string; month: string; department: { code: string; name: string } | null; format: string; channels: string[]; scope: DocumentScope }

async function publishedIn(services: ReportDeps, from: string, to: string, places: Places): Promise<Published[]> {
  const rows = await services.db.selectFrom('documents')
    .innerJoin('revisions', (j) => j.onRef('revisions.document_id', '=', 'documents.document_id').onRef('revisions.hash', '=', 'documents.latest_hash'))
    .select(['documents.document_id', 'documents.first_published_at', 'revisions.body'])
    .where('documents.kind', '=', 'interpretation').where('documents.first_published_at', '>=', from).where('documents.first_published_at', '<', to)
    .execute();
  const live = await services.db.selectFrom('renditions').select(['document_id', 'channel']).where('live_at', 'is not', null).distinct().execute();
  const channelsOf = new Map<string, string[]>();
  for (const r of live) channelsOf.set(r.document_id, [...(channelsOf.get(r.document_id) ?? []), r.channel]);
  return rows.map((r) => {
    const body = JSON.parse(r.body) as { department?: { code: string; name: string } | null; format?: string };
    return {
      documentId: r.document_id, month: monthOf(r.first_published_at!), department: body.department ?? null, format: body.format ?? 'graphic_text',
      channels: channelsOf.get(r.document_id) ?? [], scope: scopeOf(body, places),
    };
  });
}

/** The scope of each downloaded document (of any year: a video made last year is downloaded this year). */
async function scopesOf(services: ReportDeps, documentIds: string[], places: Places): Promise<Map<string, DocumentScope>> {
  const scopes = new Map<string, DocumentScope>();
  for (let i = 0; i < documentIds.length; i += 500) {
    const rows = await services.db.selectFrom('documents')
      .innerJoin('revisions', (j) => j.onRef('revisions.document_id', '=', 'documents.document_id').onRef('revisions.hash', '=', 'documents.latest_hash'))
      .select(['documents.document_id', 'revisions.body']).where('documents.document_id', 'in', documentIds.slice(i, i + 500)).execute();
    for (const row of rows) scopes.set(row.document_id, scopeOf(JSON.parse(row.body), places));
  }
  return scopes;
}

const monthOf = (iso: string) => chinaDayOf(new Date(iso)).slice(0, 7);
const tally = <T extends string>(values: T[]) => [...values.reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<T, number>())];

export async function gatherAnnualReport(services: ReportDeps, scope: ReportScope): Promise<AnnualReportData> {
  const { year } = scope;
  const now = services.clock();
  const from = new Date(`${year}-01-01T00:00:00+08:00`).toISOString();
  const to = new Date(`${year + 1}-01-01T00:00:00+08:00`).toISOString();
  const channelName = (code: string) => services.channels.find((c) => c.code === code)?.name ?? code;

  let accounts = (await services.cmsDesk.channelAccounts()).filter((a) => a.openedOn <= `${year}-12-31`);
  const account = scope.account ? accounts.find((a) => a.code === scope.account) : undefined;
  if (scope.account && !account) throw new PublisherError('NOT_FOUND', `没有代码为“${scope.account}”的渠道账号（在 CMS 的“渠道账号”中查看）`);
  const departmentCode = account ? undefined : scope.department;
  const activity = new AccountActivityReader(services);
  const places = await activity.places();
  const county = account || departmentCode ? undefined : scope.county;
  // One account: the documents and questions it answers for (its terminal, its site, its department or county); one department: its own; one county: its own.
  const inScope = account ? carriedBy(account) : departmentCode ? (s: DocumentScope) => s.department === departmentCode
    : county ? (s: DocumentScope) => s.county === county.code : () => true;
  const published = (await publishedIn(services, from, to, places)).filter((p) => inScope(p.scope));
  const questions = (await services.questionDesk.receivedBetween(from, to)).filter((q) => inScope(questionScope(q, places)));
  if (account) accounts = [account];
  else if (departmentCode) accounts = accounts.filter((a) => a.department?.code === departmentCode);
  else if (county) accounts = accounts.filter((a) => a.county?.code === county.code);
  const scoped = Boolean(account || departmentCode || county);
  const usage = await services.usage.between(`${year}-01-01`, `${year}-12-31`);
  const scopeOfDocument = await scopesOf(services, [...new Set(usage.filter((u) => u.kind === 'download' && u.document_id).map((u) => u.document_id))], places);
  const downloaded = (u: (typeof usage)[number], keep: (s: DocumentScope) => boolean) => { const s = scopeOfDocument.get(u.document_id); return s !== undefined && keep(s); };

  const names = new Map<string, string>();
  for (const p of published) if (p.department) names.set(p.department.code, p.department.name);
  for (const q of questions) if (q.department_code) names.set(q.department_code, q.department_name ?? q.department_code);
  if (departmentCode && !names.has(departmentCode)) {
    const named = accounts.find((a) => a.department?.code === departmentCode)?.department?.name;
    if (!named && !scope.account) throw new PublisherError('NOT_FOUND', `${year} 年没有部门“${departmentCode}”的解读、咨询或账号`);
    names.set(departmentCode, named ?? departmentCode);
  }
  const onTime = (q: (typeof questions)[number]) => q.status === 'answered' && q.answered_at !== null && q.due_at !== null && q.answered_at <= q.due_at;
  const overdueOpen = (q: (typeof questions)[number]) => q.status === 'pending' && q.due_at !== null && q.due_at < now.toISOString();
  const downloadsWhere = (keep: (row: (typeof usage)[number]) => boolean) => usage.filter((u) => u.kind === 'download' && keep(u)).reduce((n, u) => n + Number(u.count), 0);
  const feedPullsOfSites = (sites: string[]) => usage.filter((u) => u.kind === 'feed' && sites.includes(u.site)).reduce((n, u) => n + Number(u.count), 0);

  const departments: DepartmentReport[] = [...names].map(([code, name]) => {
    const mine = published.filter((p) => p.department?.code === code);
    const asked = questions.filter((q) => q.department_code === code);
    return {
      code, name, interpretations: mine.length,
      byFormat: tally(mine.map((p) => p.format)).map(([format, count]) => ({ format, name: FORMATS[format] ?? format, count })),
      byChannel: tally(mine.flatMap((p) => p.channels)).map(([channel, count]) => ({ channel, name: channelName(channel), count })),
      feedPulls: feedPullsOfSites(accounts.filter((a) => a.department?.code === code && a.site).map((a) => a.site!)),
      downloads: downloadsWhere((u) => downloaded(u, (s) => s.department === code)),
      questions: { received: asked.length, answered: asked.filter((q) => q.status === 'answered').length, answeredOnTime: asked.filter(onTime).length, overdueOpen: asked.filter(overdueOpen).length },
    };
  }).sort((a, b) => b.interpretations - a.interpretations || a.code.localeCompare(b.code));

  // 严重表述错误 found on live renditions that year (or still shown in it), each counted where its document is carried.
  const wordingFound = await services.wordingFindings.list({ from, to, severity: 'serious' });
  const wordingScopes = await scopesOf(services, [...new Set(wordingFound.map((f) => f.documentId))], places);
  const wordingWhere = (keep: (channel: string, s: DocumentScope) => boolean) =>
    countsOf(wordingFound.filter((f) => { const s = wordingScopes.get(f.documentId); return s !== undefined && keep(f.channel, s); }));
  const { findings } = await latestInspection(services);
  const reposting = await repostingByAccount(services.db, accounts, places, now, { from, to });
  const accountReports: AccountReport[] = [];
  for (const a of accounts) {
    const seen = await activity.of(a);
    const channel = channelOfAccount(a);
    accountReports.push({
      code: a.code, name: a.name, platform: a.platform, platformName: PLATFORMS[a.platform], department: a.department?.name ?? '—', administrator: a.administrator,
      openedOn: a.openedOn, published: seen.published, lastUpdateAt: seen.lastUpdateAt, findings: findings.filter((f) => f.account === a.code).length,
      feedPulls: a.site ? feedPullsOfSites([a.site]) : 0,
      downloads: downloadsWhere((u) => u.channel === channel && downloaded(u, carriedBy(a))),
      wording: wordingWhere((c, s) => c === channel && carriedBy(a)(s)),
      reposting: repostFigures(reposting.find((r) => r.account === a.code)),
    });
  }

  const monthly: MonthlyReport[] = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`).map((month) => ({
    month,
    published: published.filter((p) => p.month === month).length,
    feedPulls: usage.filter((u) => u.kind === 'feed' && u.month === month && (!scoped || accounts.some((a) => a.site === u.site))).reduce((n, u) => n + Number(u.count), 0),
    downloads: downloadsWhere((u) => u.month === month && (!scoped || downloaded(u, inScope))),
    questions: questions.filter((q) => monthOf(q.received_at) === month).length,
  }));
  // 你建言我来办 and open events: the same scope's suggestions, events (by their start), survey responses and rounds.
  const placed = (department: string | null, site: string | null) => inScope(questionScope({ department_code: department, site, terminal: null }, places));
  const openGovernment = await openFigures(openFigureSources(services), {
    suggestion: (q) => inScope(questionScope(q, places)), event: (body) => inScope(scopeOf(body, places)),
    response: (r) => placed(r.department_code, r.site), round: (r) => placed(r.department, r.site),
  }, from, to, chinaDayOf(now));
  // 民生资金公开 belongs to a county (or all of them): a department's or an account's report has none.
  const livelihoodFunds = account || departmentCode ? undefined : await fundFigures(services.db, county?.code ?? null, from, to, questions);
  return {
    year, generatedAt: now.toISOString(), openGovernment, livelihoodFunds,
    scope: account ? { kind: 'account', code: account.code, name: account.name } : departmentCode ? { kind: 'department', code: departmentCode, name: names.get(departmentCode)! }
      : county ? { kind: 'county', code: county.code, name: county.name } : { kind: 'all', code: null, name: '全部部门和账号' },
    totals: {
      interpretations: published.length, renditions: published.reduce((n, p) => n + p.channels.length, 0),
      feedPulls: monthly.reduce((n, m) => n + m.feedPulls, 0), downloads: monthly.reduce((n, m) => n + m.downloads, 0),
      questionsReceived: questions.length, questionsAnswered: questions.filter((q) => q.status === 'answered').length,
      answeredOnTime: questions.filter(onTime).length, questionsOverdueOpen: questions.filter(overdueOpen).length,
      wording: wordingWhere((_c, s) => inScope(s)),
    },
    departments, accounts: accountReports, monthly,
    downloadPlaces: await downloadPlaces(services.db, usage, places, channelName, inScope, scoped),
  };
}
