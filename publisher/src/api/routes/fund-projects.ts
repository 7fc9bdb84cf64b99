import { renderSitePage } from '@tongyuan/channels';
import { chinaDateTime } from '@tongyuan/document';
import { webTemplates } from '@tongyuan/templates';
import contentDisposition from 'content-disposition';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { PublisherError } from '../../errors';
import { yuan } from '../../funds/amounts';
import { placeOf } from '../../funds/project-disclosure';
import { sheetTemplateCsv, sheetTemplateXlsx, SHEET_TEMPLATES } from '../../funds/import-templates';
import type { VillagePoster } from '../../funds/posters';
import type { ProjectLine } from '../../store/fund-projects';
import type { FundSite } from './funds';
import { fundPlace, fundSiteResolver } from './funds';
import type { FundPosterDeps } from './fund-posters';

/**
 * 民生项目 pages and their 码上监督 posters, and the import templates:
 *   GET /sites/<site>/funds/projects/<key>              a project: place, fund, content, investment, implementer, dates, status, results, its 更正 history
 *   GET /sites/<site>/funds/projects/<key>/poster.pdf   its A4 notice-board poster, the QR code opening that page
 *   GET /sites/<site>/funds/projects/posters/<乡镇>.pdf  the posters of every live project of a township, a page each
 *   GET /funds/templates/<villages|catalog|payments|projects|ledgers>.xlsx (.csv)  an empty sheet with the headers the import reads
 * A project keeps its key (county, place and name hashed) through corrections, so a printed code keeps working.
 */
const HTML = 'text/html; charset=utf-8';
const KEY = /^[0-9a-f]{16}$/;
const segment = encodeURIComponent;

export function registerFundProjectRoutes(app: FastifyInstance, deps: FundPosterDeps) {
  const where = fundSiteResolver(deps);
  const origin = deps.config.PUBLIC_URL.replace(/\/$/, '');

  /** The project's live version and the versions it corrected, or the Chinese 404. */
  async function projectOf(at: FundSite, key: string) {
    const versions = KEY.test(key) ? await deps.fundProjects.projectVersions(at.county, key) : [];
    const current = versions.find((v) => v.status_ === 'live');
    if (!current) throw new PublisherError('NOT_FOUND', `${at.countyName}没有这个已公开的民生项目（可能已更正或撤回）：请返回 ${at.base} 查看`);
    return { current, history: versions.filter((v) => v.status_ === 'replaced' && v.batchId < current.batchId) };
  }

  type ProjectParams = { Params: { site: string; project: string } };
  app.get<ProjectParams>('/sites/:site/funds/projects/:project', async (request, reply) => {
    const at = await where(request.params.site);
    const { current: p, history } = await projectOf(at, request.params.project);
    const townshipHref = `${at.base}/townships/${segment(p.township)}`;
    const report = `${at.base}/report?township=${segment(p.township)}${p.village ? `&village=${segment(p.village)}` : ''}&fund=${segment(p.fund)}`;
    const content = webTemplates.fundsProject({
      countyName: at.countyName, base: at.base, project: p, amount: yuan(p.amountFen), place: placeOf(p), townshipHref,
      villageHref: p.village ? `${townshipHref}/${segment(p.village)}` : undefined, fundHref: `${at.base}/by-fund/${segment(p.fund)}`,
      reportHref: report, posterHref: `${at.base}/projects/${p.projectKey}/poster.pdf`, batchTitle: p.batchTitle, correctionNote: p.correctionNote,
      liveAt: p.liveAt ? chinaDateTime(new Date(p.liveAt)) : '',
      history: history.map((h) => ({ batchTitle: h.batchTitle, amount: yuan(h.amountFen), status: h.status, correctionNote: h.correctionNote })),
    });
    return reply.type(HTML).send(renderSitePage(at.site, { title: `${p.name} · 民生项目`, content }));
  });

  /** Posters as PDF (one A4 page each), figures as of the day each project's batch went live; printed once per change. */
  async function sendPosters(reply: FastifyReply, at: FundSite, projects: Array<ProjectLine & { liveAt: string | null }>, fileName: string) {
    // The font subsetter loads with the first poster, not into every API process at start (Playwright: with the first PDF).
    const { posterDay, renderPosterPdf } = await import('../../funds/posters.js');
    const posters = projects.map((p): VillagePoster => ({
      countyName: at.countyName, township: p.township, village: p.village, siteName: at.site.name, payments: '', amount: yuan(p.amountFen),
      asOf: p.liveAt ? posterDay(p.liveAt) : '', url: `${origin}${at.base}/projects/${p.projectKey}`, project: { name: p.name, status: p.status },
    }));
    const pdf = await renderPosterPdf(posters, { renderCache: deps.renderCache, printer: deps.reportPrinter });
    return reply.type('application/pdf')
      .header('content-disposition', contentDisposition(fileName, { type: 'inline' })).send(pdf);
  }

  app.get<ProjectParams>('/sites/:site/funds/projects/:project/poster.pdf', async (request, reply) => {
    const at = await where(request.params.site);
    const { current: p } = await projectOf(at, request.params.project);
    return sendPosters(reply, at, [p], `${p.name}码上监督海报.pdf`);
  });

  app.get<{ Params: { site: string; township: string } }>('/sites/:site/funds/projects/posters/:township.pdf', async (request, reply) => {
    const at = await where(request.params.site);
    const township = fundPlace(request.params.township);
    const [projects, batches] = await Promise.all([deps.fundProjects.liveProjects(at.county, { township }), deps.fundDisclosure.liveBatches(at.county)]);
    if (projects.length === 0) throw new PublisherError('NOT_FOUND', `${at.countyName}${township}还没有公开的民生项目：请返回 ${at.base} 查看`);
    const liveAt = new Map(batches.map((b) => [b.id, b.liveAt]));
    return sendPosters(reply, at, projects.map((p) => ({ ...p, liveAt: liveAt.get(p.batchId) ?? null })), `${township}民生项目码上监督海报.pdf`);
  });

  app.get<{ Params: { file: string } }>('/funds/templates/:file', async (request, reply) => {
    const match = /^([a-z]+)\.(xlsx|csv)$/.exec(request.params.file);
    const template = match ? SHEET_TEMPLATES[match[1]] : undefined;
    if (!match || !template) {
      throw new PublisherError('NOT_FOUND', `没有这个模板：可下载 ${Object.keys(SHEET_TEMPLATES).map((k) => `${k}.xlsx`).join('、')}（也可用 .csv）`);
    }
    const name = `${template.title}导入模板.${match[2]}`;
    reply.header('content-disposition', contentDisposition(name));
    if (match[2] === 'csv') return reply.type('text/csv; charset=utf-8').send(sheetTemplateCsv(match[1]));
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await sheetTemplateXlsx(match[1]));
  });
}
