import type { CountyPlaces } from '../ingest/desk-client';
import { scopeOf, type DocumentScope } from '../inspection/account-scope';
import type { Db } from '../store/db';

/**
 * Downloads by where they came from: each downloaded file of one document (a 明白纸 leaflet, a
 * poster, a TV clip, a programme) counts for that document's county and department — the department
 * whose leaflet a grid worker printed — per channel. Files made of several documents (booklets,
 * reels, joined loudspeaker programmes) belong to no single department: counted per channel apart.
 */
export interface DownloadPlaces {
  byCounty: DownloadRow[];
  byDepartment: DownloadRow[];
  /** Files of several documents (booklets, reels, joined programmes): per channel, in the report of everything only. */
  unattributed: Array<{ channel: string; name: string; count: number }>;
}
export interface DownloadRow { code: string; name: string; total: number; channels: Array<{ channel: string; name: string; count: number }> }

type UsageRow = { kind: string; channel: string; document_id: string; count: number | string };

export async function downloadPlaces(
  db: Db, usage: UsageRow[], places: CountyPlaces, channelName: (code: string) => string, inScope: (s: DocumentScope) => boolean, scoped: boolean,
): Promise<DownloadPlaces> {
  const downloads = usage.filter((u) => u.kind === 'download');
  const facts = await documentFacts(db, [...new Set(downloads.map((u) => u.document_id).filter(Boolean))], places);
  const counties = new Map<string, DownloadRow>();
  const departments = new Map<string, DownloadRow>();
  const unattributed = new Map<string, number>();
  const add = (rows: Map<string, DownloadRow>, code: string, name: string, channel: string, n: number) => {
    const row = rows.get(code) ?? { code, name, total: 0, channels: [] };
    const cell = row.channels.find((c) => c.channel === channel) ?? (row.channels.push({ channel, name: channelName(channel), count: 0 }), row.channels.at(-1)!);
    cell.count += n;
    row.total += n;
    rows.set(code, row);
  };
  for (const u of downloads) {
    const n = Number(u.count);
    const fact = u.document_id ? facts.get(u.document_id) : undefined;
    if (!fact) {
      if (!scoped) unattributed.set(u.channel, (unattributed.get(u.channel) ?? 0) + n);
      continue;
    }
    if (!inScope(fact.scope)) continue;
    const county = fact.scope.county;
    add(counties, county ?? '', county ? places.counties.find((c) => c.code === county)?.name ?? county : '未归属区县', u.channel, n);
    add(departments, fact.scope.department ?? '', fact.departmentName ?? (fact.scope.department || '未注明部门'), u.channel, n);
  }
  const ordered = (rows: Map<string, DownloadRow>) => [...rows.values()].sort((a, b) => b.total - a.total || a.code.localeCompare(b.code));
  return {
    byCounty: ordered(counties), byDepartment: ordered(departments),
    unattributed: [...unattributed].map(([channel, count]) => ({ channel, name: channelName(channel), count })).sort((a, b) => b.count - a.count),
  };
}

/** Each document's scope and its department's name, from its latest revision (of any year: a leaflet made last year is printed this year). */
async function documentFacts(db: Db, documentIds: string[], places: CountyPlaces) {
  const facts = new Map<string, { scope: DocumentScope; departmentName: string | null }>();
  for (let i = 0; i < documentIds.length; i += 500) {
    const rows = await db.selectFrom('documents')
      .innerJoin('revisions', (j) => j.onRef('revisions.document_id', '=', 'documents.document_id').onRef('revisions.hash', '=', 'documents.latest_hash'))
      .select(['documents.document_id', 'revisions.body']).where('documents.document_id', 'in', documentIds.slice(i, i + 500)).execute();
    for (const row of rows) {
      const body = JSON.parse(row.body) as { department?: { name?: string } | null; issuingDepartment?: { name?: string } | null };
      facts.set(row.document_id, { scope: scopeOf(body, places), departmentName: body.department?.name ?? body.issuingDepartment?.name ?? null });
    }
  }
  return facts;
}

/** The report's tables: by county and by department, a column per channel downloaded from; files of several documents apart. Null when nothing was downloaded. */
export function downloadTables(places: DownloadPlaces | undefined, shown: (text: string) => string, count: (n: number) => string) {
  if (!places || (places.byCounty.length === 0 && places.unattributed.length === 0)) return null;
  const columns = [...new Map([...places.byCounty, ...places.byDepartment].flatMap((r) => r.channels).map((c) => [c.channel, c.name])).entries()];
  const rows = (list: DownloadRow[]) => list.map((r) => ({
    code: r.code, name: shown(r.name), total: count(r.total), cells: columns.map(([channel]) => count(r.channels.find((c) => c.channel === channel)?.count ?? 0)),
  }));
  return {
    columns: columns.map(([, name]) => shown(name)), counties: rows(places.byCounty), departments: rows(places.byDepartment),
    unattributed: places.unattributed.map((u) => ({ name: shown(u.name), count: count(u.count) })),
  };
}
