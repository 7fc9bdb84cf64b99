import { chinaToday } from '@tongyuan/channels';
import type { FastifyInstance } from 'fastify';
import { PublisherError } from '../../errors';
import { countsOf, countsSentence, type WordingCounts, type WordingFindings } from '../../norms/wording-findings';
import type { CountyPlaces } from '../../ingest/desk-client';
import type { Queues } from '../../pipeline/queues';

export interface WordingStatusDeps { wordingFindings: WordingFindings; queues: Pick<Queues, 'requestWordingScan'>; clock: () => Date }

/** A year as China counts it: from 1 January 00:00 Beijing time to the next. */
export function chinaYear(year: number): { from: string; to: string } {
  return { from: new Date(`${year}-01-01T00:00:00+08:00`).toISOString(), to: new Date(`${year + 1}-01-01T00:00:00+08:00`).toISOString() };
}

/**
 * This year's count for the status page, of one county's departments or of all (a finding counts for
 * the county of the department whose document it is in).
 */
export async function wordingSummary(
  services: Pick<WordingStatusDeps, 'wordingFindings' | 'clock'>, county: { code: string } | null, places: () => Promise<CountyPlaces>,
): Promise<{ counts: WordingCounts; summary: string }> {
  const year = Number(chinaToday(services.clock).slice(0, 4));
  const departments = county ? (await places()).departments : null;
  const counts = await services.wordingFindings.counts({
    ...chinaYear(year), severity: 'serious',
    carried: county ? (_channel, _document, department) => Boolean(department && departments!.get(department)?.county === county.code) : undefined,
  });
  return { counts, summary: `${year} 年${countsSentence(counts)}` };
}

/**
 * 表述规范 on what is live: every wrong form the scans found on a live rendition this year, open
 * and put right, with the monitoring platforms' count — as JSON for tools, as CSV for Excel — and
 * a button-sized POST to scan everything again now.
 */
export function registerWordingStatusRoutes(app: FastifyInstance, services: WordingStatusDeps) {
  const findingsOf = async (query: { year?: string; severity?: string }) => {
    const year = query.year ? Number(query.year) : Number(chinaToday(services.clock).slice(0, 4));
    if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new PublisherError('BAD_REQUEST', `年份“${query.year}”不对：请写四位数的年份，如 2026`);
    const severity = query.severity === 'general' ? 'general' as const : query.severity === 'all' ? undefined : 'serious' as const;
    return { year, severity: severity ?? 'all', findings: await services.wordingFindings.list({ ...chinaYear(year), severity }) };
  };

  app.get<{ Querystring: { year?: string; severity?: string } }>('/status/wording.json', async (request) => {
    const { year, severity, findings } = await findingsOf(request.query);
    const counts = countsOf(findings);
    return { year, severity, counts, summary: countsSentence(counts, severity === 'general' ? '一般表述问题' : severity === 'all' ? '表述问题' : '严重表述错误'), findings };
  });

  app.get<{ Querystring: { year?: string; severity?: string } }>('/status/wording.csv', async (request, reply) => {
    const { year, findings } = await findingsOf(request.query);
    const cell = (v: string | number | null) => `"${String(v ?? '').replace(/"/g, '""')}"`;
    const state = (how: string | null) => (how === 'republished' ? '已修改' : how === 'withdrawn' ? '已撤下' : '未修改');
    const lines = [['文档', '渠道', '错误写法', '应为', '级别', '位置', '次数', '发现时间', '状态', '处理时间', '说明'].map(cell).join(',')];
    for (const f of findings) {
      lines.push([f.title, f.channelName, f.found, f.suggestion, f.severity === 'serious' ? '严重' : '一般', f.places, f.occurrences, f.firstSeenAt, state(f.fixedHow), f.fixedAt, f.message].map(cell).join(','));
    }
    // A BOM so Excel opens the Chinese as UTF-8.
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="wording-${year}.csv"`).send(`\uFEFF${lines.join('\r\n')}\r\n`);
  });

  app.post('/status/wording/scan', async (_request, reply) => {
    await services.queues.requestWordingScan('ops');
    return reply.code(202).send({ queued: 'wording-scan' });
  });
}
