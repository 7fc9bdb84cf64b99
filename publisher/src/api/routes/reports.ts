import contentDisposition from 'content-disposition';
import type { FastifyInstance } from 'fastify';
import { PublisherError } from '../../errors';
import type { Config } from '../../config';
import type { Logger } from '../../logger';
import { gatherAnnualReport, type ReportDeps, type ReportScope } from '../../reports/gather-report';

export type ReportRouteDeps = ReportDeps & { config: Pick<Config, 'CHROMIUM_PATH'>; logger: Logger };

/**
 * The annual report (Suzhou's yearly evaluation of its accounts), for staff:
 *   GET /reports/annual?year=2026[&department=<code>|&account=<code>]      HTML with charts
 *   GET /reports/annual.pdf?…                                              the same, printed to A4
 *   GET /reports/annual.json?…                                             the figures, for a spreadsheet or another system
 */
type Query = { year?: string; department?: string; account?: string };
const CODE = /^[a-z0-9][a-z0-9-]{0,63}$/;

function scopeOf(query: Query, now: Date): ReportScope {
  const year = query.year === undefined ? now.getUTCFullYear() : Number(query.year);
  if (!Number.isInteger(year) || year < 2000 || year > now.getUTCFullYear() + 1) throw new PublisherError('BAD_REQUEST', 'year 应为年份，如 ?year=2026');
  for (const key of ['department', 'account'] as const) {
    if (query[key] !== undefined && !CODE.test(query[key]!)) throw new PublisherError('BAD_REQUEST', `${key} 应为代码（小写字母、数字和连字符），如 ?${key}=jx-hrss`);
  }
  if (query.department && query.account) throw new PublisherError('BAD_REQUEST', 'department 和 account 只能选一个');
  return { year, department: query.department, account: query.account };
}

/** Staff only: the staff plugin's guard (basic auth) runs before each. */
export function registerReportRoutes(app: FastifyInstance, services: ReportRouteDeps) {
  // ECharts, the font subsetter and Playwright load on the first report, not into every API process at start.
  const renderer = () => import('../../reports/annual-report.js');
  const html = async (query: Query) => {
    await services.usage.flush(); // this process's last seconds of counting are in the figures
    const data = await gatherAnnualReport(services, scopeOf(query, services.clock()));
    const { renderAnnualReportHtml, reportMissingGlyphs } = await renderer();
    const missing = reportMissingGlyphs(data);
    if (missing.length) services.logger.warn({ missing }, '年度报告中有字体缺少的字符');
    return { data, page: await renderAnnualReportHtml(data) };
  };
  app.get<{ Querystring: Query }>('/reports/annual.json', async (request, reply) => {
    await services.usage.flush();
    return reply.header('cache-control', 'no-store').send(await gatherAnnualReport(services, scopeOf(request.query, services.clock())));
  });
  app.get<{ Querystring: Query }>('/reports/annual', async (request, reply) => {
    const { page } = await html(request.query);
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page);
  });
  app.get<{ Querystring: Query }>('/reports/annual.pdf', async (request, reply) => {
    const { data, page } = await html(request.query);
    const { renderReportPdf } = await import('../../reports/report-pdf.js');
    const { reportTitle } = await renderer();
    const pdf = await renderReportPdf(page, { chromiumPath: services.config.CHROMIUM_PATH });
    return reply.type('application/pdf').header('cache-control', 'no-store')
      .header('content-disposition', contentDisposition(`${reportTitle(data)}（${data.scope.name}）.pdf`)).send(pdf);
  });
}
