import type { FastifyInstance } from 'fastify';
import { inspectionExporter, type StatusRouteDeps } from './ops';
import { annualReportResponder, type ReportQuery, type ReportRouteDeps } from './reports';

export type CountyHookDeps = Pick<StatusRouteDeps, 'db' | 'cmsDesk' | 'counties'> & ReportRouteDeps;

/**
 * The inspection and the annual report for a county's staff, asked by the CMS (the shared secret;
 * the CMS decides which county the logged-in user may see and names it, cms/src/inspection/):
 *   GET /hooks/inspection.json?county=<code>     the latest findings, one county's or (no county) all
 *   GET /hooks/inspection.csv?county=<code>      the same for Excel
 *   GET /hooks/reports/annual?year=&county=      the annual report as HTML
 *   GET /hooks/reports/annual.pdf?year=&county=  the same printed to A4
 * Department and account reports stay the staff's (/reports/annual): only year and county are read here.
 */
export function registerCountyHookRoutes(app: FastifyInstance, services: CountyHookDeps) {
  const { counties } = services;
  const exportFindings = inspectionExporter(services, counties);
  const report = annualReportResponder(services, counties);
  type Query = { county?: string; year?: string };
  app.get<{ Querystring: Query }>('/hooks/inspection.json', async (request, reply) => exportFindings({ county: request.query.county }, 'json', reply));
  app.get<{ Querystring: Query }>('/hooks/inspection.csv', async (request, reply) => exportFindings({ county: request.query.county }, 'csv', reply));
  const scope = (query: Query): ReportQuery => ({ year: query.year, county: query.county });
  app.get<{ Querystring: Query }>('/hooks/reports/annual', async (request, reply) => report(scope(request.query), 'html', reply));
  app.get<{ Querystring: Query }>('/hooks/reports/annual.pdf', async (request, reply) => report(scope(request.query), 'pdf', reply));
}
