import { channelFor, chinaToday } from '@tongyuan/channels';
import { chinaDateTime } from '@tongyuan/document';
import { webTemplates } from '@tongyuan/templates';
import contentDisposition from 'content-disposition';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Config } from '../../config';
import type { StrapiClient } from '../../ingest/strapi-client';
import { createMetrics, type MetricsDeps } from '../metrics';
import { findingsCsv, latestInspection } from '../../inspection/findings-view';
import { questionScope } from '../../inspection/account-scope';
import { CountyDirectory, type County } from '../../inspection/county-directory';
import type { CmsDeskClient } from '../../ingest/desk-client';
import { countyLinks, countySummary } from './status-county';
import { questionDeskStatus } from '../../questions/desk-status';
import { silentVideos } from '../../pipeline/narration-notes';
import type { KioskStore } from '../../store/kiosks';
import { wordingSummary, type WordingStatusDeps } from './wording-status';
import { RepostingStatus, repostingRows } from '../../reposting/status';

/** For operators at 2 a.m.: is it alive, can it work, what is live, what failed and why. */

export type ProbeDeps = Pick<MetricsDeps, 'queries' | 'queues'> & { strapi: Pick<StrapiClient, 'ping'> };
export type StatusRouteDeps = MetricsDeps & Parameters<typeof questionDeskStatus>[0] & Parameters<typeof silentVideos>[0] & Pick<WordingStatusDeps, 'wordingFindings' | 'clock'> & {
  kiosks: KioskStore;
  counties: CountyDirectory;
  cmsDesk: Pick<CmsDeskClient, 'countyPlaces' | 'channelAccounts'>;
  config: Pick<Config, 'KIOSK_STALE_HOURS' | 'INSPECTION_INTERVAL_MS'>;
};

type CountyQuery = { county?: string };

/**
 * The latest inspection's findings as CSV or JSON, all or one county's (a county code the CMS does
 * not have is a 404): for the staff routes here and the CMS's route for county staff.
 */
export function inspectionExporter(services: Pick<StatusRouteDeps, 'db'>, counties: CountyDirectory) {
  return async (query: CountyQuery, format: 'csv' | 'json', reply: FastifyReply) => {
    const county = await counties.resolve(query.county);
    const latest = await latestInspection(services, county?.code);
    if (format === 'json') return reply.send({ county, ...latest });
    const name = `${county ? `${county.name}` : ''}渠道巡检.csv`;
    return reply.type('text/csv; charset=utf-8').header('content-disposition', contentDisposition(name)).send(findingsCsv(latest.findings, await counties.namer()));
  };
}

/** Load balancers' probes (public, never rate limited). */
export function registerProbeRoutes(app: FastifyInstance, services: ProbeDeps) {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const check = async (name: string, probe: () => Promise<unknown>) => {
      try {
        // A dependency that hangs is as unready as one that refuses.
        await Promise.race([probe(), new Promise((_, reject) => setTimeout(() => reject(new Error('2 秒内无响应')), 2000))]);
        return [name, 'ok'] as const;
      } catch (error) {
        return [name, `不可用：${(error as Error).message}`] as const;
      }
    };
    const checks = Object.fromEntries(await Promise.all([
      check('database', () => services.queries.ping()),
      check('redis', () => services.queues.ingest.getJobCountByTypes('waiting')),
      check('cms', () => services.strapi.ping()),
    ]));
    const ready = Object.values(checks).every((v) => v === 'ok');
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
  });
}

/** Staff's pages; the staff plugin's guard (basic auth) runs before each. `?county=<code>`: one county's (status-county.ts). */
export function registerStatusRoutes(app: FastifyInstance, services: StatusRouteDeps) {
  const metrics = createMetrics(services);
  const { counties } = services;
  const exportFindings = inspectionExporter(services, counties);
  const reposting = new RepostingStatus(services, counties);
  // A county's questions: the ones its departments answer, or asked on its sites and terminals.
  const questionsOf = async (county: County | null) => {
    if (!county) return () => true;
    const places = await counties.places();
    return (q: Parameters<typeof questionScope>[0]) => questionScope(q, places).county === county.code;
  };

  app.get('/metrics', async (_request, reply) => reply.type(metrics.contentType).send(await metrics.render()));

  app.get<{ Querystring: CountyQuery & { inspection?: string } }>('/status', async (request, reply) => {
    const county = await counties.resolve(request.query.county);
    const byChannel = new Map<string, Record<string, number>>();
    for (const row of await services.queries.statusByChannel()) {
      byChannel.set(row.channel, { ...(byChannel.get(row.channel) ?? {}), [row.status]: row.count });
    }
    const failures = await services.queries.failures(100);
    const rendering = await services.queries.rendering(100);
    const terminals = await services.kiosks.terminals(chinaToday(services.clock), services.config.KIOSK_STALE_HOURS);
    const problems = await services.db.selectFrom('documents').select(['document_id', 'title', 'problem', 'problem_at'])
      .where('problem', 'is not', null).orderBy('problem_at', 'desc').limit(100).execute();
    const name = (code: string) => services.channels.find((c) => c.code === code)?.name ?? channelFor(code)?.name ?? code;
    let summary = {
      channels: [...byChannel].map(([channel, counts]) => ({ channel, name: name(channel), ...counts })),
      terminals: terminals.map((t) => ({
        code: t.code, name: t.name, items: t.items.length, lastSyncAt: t.lastSyncAt, stale: t.stale,
        healthy: t.healthy, cachedFiles: t.cachedFiles, failedFiles: t.failedFiles, failures: t.failures,
      })),
      rendering: rendering.map((r) => ({ documentId: r.document_id, title: r.title, channel: r.channel, progress: r.progress, attempt: r.attempts, at: r.updated_at })),
      failures: failures.map((f) => ({ documentId: f.document_id, title: f.title, channel: f.channel, code: f.error_code, reason: f.error_message, at: f.updated_at })),
      refused: problems.map((p) => ({ documentId: p.document_id, title: p.title, reason: p.problem, at: p.problem_at })),
      // Live videos without speech (a projectionist would play them to a village in silence).
      silentVideos: await silentVideos(services),
      questions: await questionDeskStatus(services, await questionsOf(county)),
      inspection: { ...(await latestInspection(services, county?.code)), everyMinutes: Math.round(services.config.INSPECTION_INTERVAL_MS / 60_000) },
      // 表述规范 on what is live, in the monitoring platforms' words (norms/live-scan.ts).
      wording: await wordingSummary(services, county, () => counties.places()),
      // 重要信息转载: per account, the rate and the overdue items (src/reposting).
      reposting: await reposting.of(county),
    };
    if (county) summary = await countySummary(summary, county, counties, services.db);
    if (request.headers.accept?.includes('application/json')) return { county, ...summary };
    // For people: channels by their Chinese names, times in China time (the JSON keeps codes and ISO times).
    const time = (iso: string | null | undefined) => (iso ? chinaDateTime(new Date(iso)) : null);
    const generatedAt = new Date().toISOString();
    return reply.type('text/html; charset=utf-8').send(webTemplates.status({
      ...summary,
      ...countyLinks(county, county ? null : await counties.list()),
      css: webTemplates.css,
      generatedAt,
      generatedAtText: time(generatedAt),
      queued: request.query.inspection === 'queued',
      terminals: summary.terminals.map((t) => ({ ...t, lastSyncAt: time(t.lastSyncAt) })),
      rendering: summary.rendering.map((r) => ({ ...r, channelName: name(r.channel) })),
      failures: summary.failures.map((f) => ({ ...f, channelName: name(f.channel), at: time(f.at) })),
      refused: summary.refused.map((r) => ({ ...r, at: time(r.at) })),
      reposting: { ...summary.reposting, accounts: repostingRows(summary.reposting.accounts) },
      silentVideos: summary.silentVideos.map((v) => ({ ...v, channelName: name(v.channel), publishedAt: time(v.publishedAt) })),
      inspection: { ...summary.inspection, run: summary.inspection.run && { ...summary.inspection.run, finishedAt: time(summary.inspection.run.finishedAt) } },
    }));
  });

  // Findings of the latest inspection to hand on (Suzhou publishes its evaluation), and a run on demand.
  app.get<{ Querystring: CountyQuery }>('/status/inspection.json', async (request, reply) => exportFindings(request.query, 'json', reply));
  app.get<{ Querystring: CountyQuery }>('/status/inspection.csv', async (request, reply) => exportFindings(request.query, 'csv', reply));
  // The status page's 立即巡检 button posts a form: back to the page, which says it is queued.
  app.post('/status/inspection/run', async (request, reply) => {
    await services.queues.requestInspection('ops');
    if (request.headers.accept?.includes('text/html')) return reply.redirect('/status?inspection=queued', 303);
    return reply.code(202).send({ queued: 'inspection', message: '巡检已排队，完成后刷新本页查看' });
  });
}

