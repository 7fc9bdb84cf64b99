import contentDisposition from 'content-disposition';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { PublisherError } from '../../errors';
import type { Logger } from '../../logger';
import { gatherAnnualReport, type ReportDeps, type ReportScope } from '../../reports/gather-report';
import type { CountyDirectory } from '../../inspection/county-directory';
import type { ReportPrinter } from '../../reports/report-pdf';

export type ReportRouteDeps = ReportDeps & { reportPrinter: ReportPrinter; logger: Logger };

/**
 * The annual report (Suzhou's yearly evaluation of its accounts), for staff:
 *   GET /reports/annual?year=2026[&county=<code>|&department=<code>|&account=<code>]   HTML with charts
 *   GET /reports/annual.pdf?…                                                           the same, printed to A4
 *   GET /reports/annual.json?…                                                          the figures, for a spreadsheet or another system
 * A county's staff get their county's through the CMS (GET /hooks/reports/annual, county-hooks.ts).
 */
export type ReportQuery = { year?: string; county?: string; department?: string; account?: string };
export type ReportFormat = 'html' | 'pdf' | 'json';
const CODE = /^[a-z0-9][a-z0-9-]{0,63}$/;

async function scopeOf(query: ReportQuery, now: Date, counties: CountyDirectory): Promise<ReportScope> {
  const year = query.year === undefined ? now.getUTCFullYear() : Number(query.year);
  if (!Number.isInteger(year) || year < 2000 || year > now.getUTCFullYear() + 1) throw new PublisherError('BAD_REQUEST', 'year 应为年份，如 ?year=2026');
  for (const key of ['department', 'account'] as const) {
    if (query[key] !== undefined && !CODE.test(query[key]!)) throw new PublisherError('BAD_REQUEST', `${key} 应为代码（小写字母、数字和连字符），如 ?${key}=jx-hrss`);
  }
  if ([query.county, query.department, query.account].filter(Boolean).length > 1) throw new PublisherError('BAD_REQUEST', 'county、department 和 account 只能选一个');
  return { year, county: (await counties.resolve(query.county)) ?? undefined, department: query.department, account: query.account };
}

/** The report in one format, as a reply: for the staff routes here and the CMS's route for county staff. */
export function annualReportResponder(services: ReportRouteDeps, counties: CountyDirectory) {
  // ECharts and the font subsetter load on the first report, not into every API process at start (Playwright: on the first PDF).
  const renderer = () => import('../../reports/annual-report.js');
  return async (query: ReportQuery, format: ReportFormat, reply: FastifyReply) => {
    await services.usage.flush(); // this process's last seconds of counting are in the figures
    const data = await gatherAnnualReport(services, await scopeOf(query, services.clock(), counties));
    if (format === 'json') return reply.send(data);
    const { renderAnnualReportHtml, reportMissingGlyphs, reportTitle } = await renderer();
    const missing = reportMissingGlyphs(data);
    if (missing.length) services.logger.warn({ missing }, '年度报告中有字体缺少的字符');
    const page = await renderAnnualReportHtml(data);
    if (format === 'html') return reply.type('text/html; charset=utf-8').send(page);
    const pdf = await services.reportPrinter.print(page);
    return reply.type('application/pdf').header('content-disposition', contentDisposition(`${reportTitle(data)}（${data.scope.name}）.pdf`)).send(pdf);
  };
}

/** Staff only: the staff plugin's guard (basic auth) runs before each. */
export function registerReportRoutes(app: FastifyInstance, services: ReportRouteDeps & { counties: CountyDirectory }) {
  const respond = annualReportResponder(services, services.counties);
  app.get<{ Querystring: ReportQuery }>('/reports/annual.json', async (request, reply) => respond(request.query, 'json', reply));
  app.get<{ Querystring: ReportQuery }>('/reports/annual', async (request, reply) => respond(request.query, 'html', reply));
  app.get<{ Querystring: ReportQuery }>('/reports/annual.pdf', async (request, reply) => respond(request.query, 'pdf', reply));
}
