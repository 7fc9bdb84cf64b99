import { channelFor, chinaToday } from '@tongyuan/channels';
import { chinaDateTime } from '@tongyuan/document';
import { webTemplates } from '@tongyuan/templates';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config';
import type { StrapiClient } from '../../ingest/strapi-client';
import { createMetrics, type MetricsDeps } from '../metrics';
import { findingsCsv, latestInspection } from '../../inspection/findings-view';
import { questionDeskStatus } from '../../questions/desk-status';
import { silentVideos } from '../../pipeline/narration-notes';
import type { KioskStore } from '../../store/kiosks';

/** For operators at 2 a.m.: is it alive, can it work, what is live, what failed and why. */

export type ProbeDeps = Pick<MetricsDeps, 'queries' | 'queues'> & { strapi: Pick<StrapiClient, 'ping'> };
export type StatusRouteDeps = MetricsDeps & Parameters<typeof questionDeskStatus>[0] & Parameters<typeof silentVideos>[0] & {
  kiosks: KioskStore;
  config: Pick<Config, 'KIOSK_STALE_HOURS' | 'INSPECTION_INTERVAL_MS'>;
};

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

/** Staff's pages; the staff plugin's guard (basic auth) runs before each. */
export function registerStatusRoutes(app: FastifyInstance, services: StatusRouteDeps) {
  const metrics = createMetrics(services);

  app.get('/metrics', async (_request, reply) => reply.type(metrics.contentType).send(await metrics.render()));

  app.get('/status', async (request, reply) => {
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
    const summary = {
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
      questions: await questionDeskStatus(services),
      inspection: { ...(await latestInspection(services)), everyMinutes: Math.round(services.config.INSPECTION_INTERVAL_MS / 60_000) },
    };
    if (request.headers.accept?.includes('application/json')) return summary;
    // For people: channels by their Chinese names, times in China time (the JSON keeps codes and ISO times).
    const time = (iso: string | null | undefined) => (iso ? chinaDateTime(new Date(iso)) : null);
    const generatedAt = new Date().toISOString();
    return reply.type('text/html; charset=utf-8').send(webTemplates.status({
      ...summary,
      css: webTemplates.css,
      generatedAt,
      generatedAtText: time(generatedAt),
      queued: (request.query as { inspection?: string }).inspection === 'queued',
      terminals: summary.terminals.map((t) => ({ ...t, lastSyncAt: time(t.lastSyncAt) })),
      rendering: summary.rendering.map((r) => ({ ...r, channelName: name(r.channel) })),
      failures: summary.failures.map((f) => ({ ...f, channelName: name(f.channel), at: time(f.at) })),
      refused: summary.refused.map((r) => ({ ...r, at: time(r.at) })),
      silentVideos: summary.silentVideos.map((v) => ({ ...v, channelName: name(v.channel), publishedAt: time(v.publishedAt) })),
      inspection: { ...summary.inspection, run: summary.inspection.run && { ...summary.inspection.run, finishedAt: time(summary.inspection.run.finishedAt) } },
    }));
  });

  // Findings of the latest inspection to hand on (Suzhou publishes its evaluation), and a run on demand.
  app.get('/status/inspection.json', async () => latestInspection(services));
  app.get('/status/inspection.csv', async (_request, reply) => reply.type('text/csv; charset=utf-8')
    .header('content-disposition', "attachment; filename*=UTF-8''%E6%B8%A0%E9%81%93%E5%B7%A1%E6%A3%80.csv")
    .send(findingsCsv((await latestInspection(services)).findings)));
  // The status page's 立即巡检 button posts a form: back to the page, which says it is queued.
  app.post('/status/inspection/run', async (request, reply) => {
    await services.queues.requestInspection('ops');
    if (request.headers.accept?.includes('text/html')) return reply.redirect('/status?inspection=queued', 303);
    return reply.code(202).send({ queued: 'inspection', message: '巡检已排队，完成后刷新本页查看' });
  });
}
