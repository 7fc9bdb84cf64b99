import client from 'prom-client';
import type { Queues } from '../pipeline/queues';
import type { Db } from '../store/db';
import type { PublicationQueries } from '../store/queries';

export interface MetricsDeps { db: Db; queries: PublicationQueries; queues: Queues }

/**
 * /metrics for Prometheus. Render work happens in worker processes, so the latency and render
 * histograms are rebuilt at each scrape from the last day of renditions in the store (the
 * record every process shares); queue depth comes from BullMQ.
 */
export function createMetrics(services: MetricsDeps) {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'tongyuan_api_' });
  const latency = new client.Histogram({
    name: 'tongyuan_publish_to_live_seconds', help: 'From an author publishing in the CMS to the rendition being live, per channel (last 24 h)',
    labelNames: ['channel'], buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300], registers: [registry],
  });
  const render = new client.Histogram({
    name: 'tongyuan_render_seconds', help: 'Render duration per channel (last 24 h)', labelNames: ['channel'],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300], registers: [registry],
  });
  const status = new client.Gauge({ name: 'tongyuan_renditions', help: 'Renditions of latest revisions by channel and status', labelNames: ['channel', 'status'], registers: [registry] });
  const queueDepth = new client.Gauge({ name: 'tongyuan_queue_jobs', help: 'BullMQ jobs by queue and state', labelNames: ['queue', 'state'], registers: [registry] });

  async function collect() {
    const since = new Date(Date.now() - 24 * 3600_000).toISOString();
    const rows = await services.db.selectFrom('renditions').select(['channel', 'render_ms', 'latency_ms']).where('updated_at', '>', since).execute();
    latency.reset();
    render.reset();
    for (const row of rows) {
      if (row.latency_ms !== null) latency.observe({ channel: row.channel }, row.latency_ms / 1000);
      if (row.render_ms !== null) render.observe({ channel: row.channel }, row.render_ms / 1000);
    }
    status.reset();
    for (const s of await services.queries.statusByChannel()) status.set({ channel: s.channel, status: s.status }, s.count);
    queueDepth.reset();
    for (const queue of [services.queues.ingest, services.queues.render, services.queues.renderVideo, services.queues.publish, services.queues.release]) {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'waiting-children', 'prioritized');
      for (const [state, n] of Object.entries(counts)) queueDepth.set({ queue: queue.name, state }, n);
    }
  }

  return {
    contentType: registry.contentType,
    async render(): Promise<string> {
      await collect();
      return registry.metrics();
    },
  };
}
