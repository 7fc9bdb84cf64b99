import type { CountyDirectory, County } from '../../inspection/county-directory';
import type { Db } from '../../store/db';

/**
 * The status page of one county (/status?county=juxian): its channels' figures, its terminals,
 * renders, failures and refusals of its documents (by their department, else the site or
 * terminal they are on), and its findings; the questions are cut by the caller.
 */
interface Summary {
  channels: Array<{ channel: string; name: string } & Record<string, unknown>>;
  terminals: Array<{ code: string }>;
  rendering: Array<{ documentId: string }>;
  failures: Array<{ documentId: string }>;
  refused: Array<{ documentId: string }>;
  silentVideos: Array<{ documentId: string }>;
}

export async function countySummary<S extends Summary>(summary: S, county: County, counties: CountyDirectory, db: Db): Promise<S> {
  // Every rendition counted on the page (the same rows as statusByChannel), then kept if its document is the county's.
  const rows = await db.selectFrom('renditions')
    .innerJoin('documents', (j) => j.onRef('documents.document_id', '=', 'renditions.document_id'))
    .select(['renditions.channel', 'renditions.status', 'renditions.document_id'])
    .where((eb) => eb.or([eb('renditions.status', '=', 'live'), eb('renditions.hash', '=', eb.ref('documents.latest_hash'))])).execute();
  const listed = [...rows.map((r) => r.document_id), ...[summary.rendering, summary.failures, summary.refused, summary.silentVideos].flat().map((d) => d.documentId)];
  const own = await counties.documentsIn(db, county.code, listed);
  const counts = new Map<string, Record<string, number>>();
  for (const r of rows.filter((row) => own.has(row.document_id))) {
    const of = counts.get(r.channel) ?? {};
    of[r.status] = (of[r.status] ?? 0) + 1;
    counts.set(r.channel, of);
  }
  const terminals = [];
  for (const t of summary.terminals) if (await counties.terminalIn(county.code, t.code)) terminals.push(t);
  const mine = <T extends { documentId: string }>(list: T[]) => list.filter((d) => own.has(d.documentId));
  return {
    ...summary,
    channels: summary.channels.filter((c) => counts.has(c.channel)).map((c) => ({ channel: c.channel, name: c.name, ...counts.get(c.channel) })),
    terminals, rendering: mine(summary.rendering), failures: mine(summary.failures), refused: mine(summary.refused), silentVideos: mine(summary.silentVideos),
  };
}

/** The links of the county picker, and of this view's exports. */
export function countyLinks(county: County | null, counties: County[] | null) {
  const suffix = county ? `?county=${county.code}` : '';
  return {
    county,
    heading: county ? `${county.name} · 巡检与发布状态` : '各渠道发布状态',
    pageTitle: county ? `${county.name} · 巡检` : '发布状态',
    picker: county ? null : (counties ?? []).map((c) => ({ name: c.name, href: `/status?county=${c.code}` })),
    exports: { csv: `/status/inspection.csv${suffix}`, json: `/status/inspection.json${suffix}` },
  };
}
