import type { Db } from '../store/db';
import type { ArtifactStore } from '../store/artifacts';
import { PublicationQueries } from '../store/queries';
import type { NormsDictionary } from './dictionary';
import type { NormFinding, NormsMatcher } from './matcher';
import { renditionTexts } from './rendition-texts';

/** One wrong form on one rendition: where it is and how often (one 处 in the monitoring platforms' count). */
export interface RenditionFinding {
  found: string;
  suggestion: string | null;
  severity: NormFinding['severity'];
  message: string;
  places: string[];
  occurrences: number;
}

export interface WordingScanDeps {
  db: Db;
  artifacts: Pick<ArtifactStore, 'readText'>;
  norms: Pick<NormsDictionary, 'matcher'>;
  clock: () => Date;
}

export interface WordingScanResult { live: number; scanned: number; found: number; fixed: number; open: number }

/** Renditions read per query while scanning: a province's 20,000 never sit in memory at once. */
const BATCH = 200;

/** Per store, the change sequence and dictionary version of this process's last full comparison. */
const compared = new WeakMap<object, string>();

/**
 * Live renditions on every channel checked against the current norms dictionary: the ones not yet
 * scanned with this version of it (new renditions, or all of them after the office changed an
 * entry), then the open findings brought in line — new ones recorded, ones no longer shown closed as
 * 已修改 (the document was republished without them) or 已撤下 (withdrawn). A finding that
 * disappears because the dictionary dropped its entry was never an error: removed.
 *
 * A scan after a publish touches only what it scanned and the documents with open findings, so its
 * cost follows the change, not everything ever published (at 20,000 documents a scan that read every
 * live rendition's findings ran after every go-live and slowed first publication). `full` (the
 * minute's sweep, when anything moved since the last one) compares every live rendition, as a check
 * that nothing was missed, and forgets the scans of renditions no longer live.
 */
export async function scanLiveWording(services: WordingScanDeps, options: { fresh?: boolean; full?: boolean } = {}): Promise<WordingScanResult> {
  const { db } = services;
  const matcher = await services.norms.matcher(options.fresh ?? false);
  // A full comparison only when something moved since the last one (the store's change sequence, the dictionary).
  const state = options.full ? `${matcher.version} ${await new PublicationQueries(db).latestChangeSeq()}` : null;
  const full = state !== null && compared.get(db) !== state;
  const liveRows = db.selectFrom('live').leftJoin('wording_scans', 'wording_scans.rendition_id', 'live.rendition_id')
    .select(['live.document_id', 'live.channel', 'live.hash', 'live.title', 'live.rendition_id', 'wording_scans.version', 'wording_scans.findings']);
  const stale = await liveRows.where((eb) => eb.or([eb('wording_scans.version', 'is', null), eb('wording_scans.version', '!=', matcher.version)])).execute();
  const current = new Map<number, RenditionFinding[]>();
  const memo = new Map<string, NormFinding[]>(); // titles and key points repeat on every channel: checked once
  const at = services.clock().toISOString();
  for (let i = 0; i < stale.length; i += BATCH) {
    const ids = stale.slice(i, i + BATCH).map((r) => r.rendition_id);
    const renditions = await db.selectFrom('renditions').select(['id', 'channel', 'payload', 'artifacts']).where('id', 'in', ids).execute();
    const scans = [];
    for (const rendition of renditions) {
      const findings = await scanRendition(services, matcher, rendition, memo);
      current.set(rendition.id, findings);
      scans.push({ rendition_id: rendition.id, version: matcher.version, findings: JSON.stringify(findings), scanned_at: at });
    }
    if (scans.length > 0) {
      await db.insertInto('wording_scans').values(scans)
        .onConflict((oc) => oc.column('rendition_id').doUpdateSet((eb) => ({ version: eb.ref('excluded.version'), findings: eb.ref('excluded.findings'), scanned_at: eb.ref('excluded.scanned_at') })))
        .execute();
    }
  }
  // What the findings are compared against: every live rendition (full), or those just scanned and every live
  // rendition of a document with an open finding (so each open finding sees what its document shows now).
  const withOpen = full ? [] : (await db.selectFrom('wording_findings').select('document_id').distinct().where('fixed_at', 'is', null).execute()).map((r) => r.document_id);
  const known = full
    ? await liveRows.where('wording_scans.version', '=', matcher.version).execute()
    : await inBatches(withOpen, (ids) => liveRows.where('live.document_id', 'in', ids).where('wording_scans.version', '=', matcher.version).execute());
  for (const row of known) if (!current.has(row.rendition_id)) current.set(row.rendition_id, JSON.parse(row.findings!));
  const rows = new Map([...stale, ...known].map((r) => [r.rendition_id, r]));
  const changes = await reconcileFindings(db, [...rows.values()], current, at);
  if (full) {
    // Scans of renditions no longer live are of no use (a rendition id is never live again once replaced).
    await db.deleteFrom('wording_scans').where('rendition_id', 'not in', db.selectFrom('live').select('rendition_id')).execute();
    compared.set(db, state!);
  }
  return { live: full ? rows.size : Number((await db.selectFrom('live').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n), scanned: stale.length, ...changes };
}

async function inBatches<T>(ids: string[], read: (ids: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += BATCH) out.push(...(await read(ids.slice(i, i + BATCH))));
  return out;
}

async function scanRendition(
  services: WordingScanDeps, matcher: NormsMatcher, rendition: { channel: string; payload: string | null; artifacts: string | null }, memo: Map<string, NormFinding[]>,
): Promise<RenditionFinding[]> {
  const byForm = new Map<string, RenditionFinding>();
  for (const { place, text } of await renditionTexts(rendition, (ref) => services.artifacts.readText(ref.sha256))) {
    let found = memo.get(text);
    if (!found) {
      found = matcher.check(text);
      if (text.length < 20_000) memo.set(text, found);
    }
    for (const f of found) {
      const entry = byForm.get(f.found) ?? { found: f.found, suggestion: f.suggestion, severity: f.severity, message: f.message, places: [], occurrences: 0 };
      entry.occurrences += 1;
      if (!entry.places.includes(place)) entry.places.push(place);
      byForm.set(f.found, entry);
    }
  }
  return [...byForm.values()];
}

interface LiveRow { document_id: string; channel: string; hash: string; title: string; rendition_id: number }

/** The department of each (document, revision): read only for documents with new findings. */
async function departmentsOf(db: Db, keys: string[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  for (const key of keys) {
    const [documentId, hash] = key.split('\u0000');
    const row = await db.selectFrom('revisions').select('body').where('document_id', '=', documentId).where('hash', '=', hash).executeTakeFirst();
    const body = row ? (JSON.parse(row.body) as { department?: { code?: string } | null; issuingDepartment?: { code?: string } | null }) : null;
    out.set(key, body?.department?.code ?? body?.issuingDepartment?.code ?? null);
  }
  return out;
}

/**
 * Every open finding brought in line with `live` (with their findings in `current`): every live rendition, or those
 * just scanned and every live rendition of a document with an open finding — either way all an open finding's document shows.
 */
async function reconcileFindings(db: Db, live: LiveRow[], current: Map<number, RenditionFinding[]>, at: string): Promise<{ found: number; fixed: number; open: number }> {
  const key = (documentId: string, channel: string, found: string) => `${documentId}\u0000${channel}\u0000${found}`;
  const shown = new Map<string, { row: LiveRow; finding: RenditionFinding }>();
  for (const row of live) for (const finding of current.get(row.rendition_id) ?? []) shown.set(key(row.document_id, row.channel, finding.found), { row, finding });
  const liveHash = new Map(live.map((r) => [`${r.document_id}\u0000${r.channel}`, r.hash]));
  const open = await db.selectFrom('wording_findings').selectAll().where('fixed_at', 'is', null).execute();
  const openKeys = new Set<string>();
  let fixed = 0;
  let found = 0;
  await db.transaction().execute(async (trx) => {
    for (const row of open) {
      const k = key(row.document_id, row.channel, row.found);
      openKeys.add(k);
      const now = shown.get(k);
      if (now) {
        const places = now.finding.places.join('、');
        if (now.row.hash !== row.hash || now.finding.occurrences !== row.occurrences || places !== row.places || now.finding.message !== row.message) {
          await trx.updateTable('wording_findings').set({ hash: now.row.hash, title: now.row.title, occurrences: now.finding.occurrences, places, message: now.finding.message, last_seen_at: at })
            .where('id', '=', row.id).execute();
        }
        continue;
      }
      const hash = liveHash.get(`${row.document_id}\u0000${row.channel}`);
      if (hash === row.hash) {
        await trx.deleteFrom('wording_findings').where('id', '=', row.id).execute(); // the dictionary no longer calls it wrong
      } else {
        await trx.updateTable('wording_findings').set({ fixed_at: at, fixed_how: hash ? 'republished' : 'withdrawn' }).where('id', '=', row.id).execute();
        fixed += 1;
      }
    }
    const added = [...shown.entries()].filter(([k]) => !openKeys.has(k));
    const departments = await departmentsOf(trx, [...new Set(added.map(([, { row }]) => `${row.document_id}\u0000${row.hash}`))]);
    const fresh = added.map(([, { row, finding }]) => ({
      document_id: row.document_id, channel: row.channel, department: departments.get(`${row.document_id}\u0000${row.hash}`) ?? null, found: finding.found, suggestion: finding.suggestion, severity: finding.severity,
      message: finding.message, places: finding.places.join('、'), occurrences: finding.occurrences, title: row.title, hash: row.hash,
      first_seen_at: at, last_seen_at: at, fixed_at: null, fixed_how: null,
    }));
    for (let i = 0; i < fresh.length; i += BATCH) {
      // Another worker's scan may have recorded the same finding a moment ago: one stays open.
      await trx.insertInto('wording_findings').values(fresh.slice(i, i + BATCH))
        .onConflict((oc) => oc.columns(['document_id', 'channel', 'found']).where('fixed_at', 'is', null).doNothing()).execute();
    }
    found = fresh.length;
  });
  const stillOpen = await db.selectFrom('wording_findings').select((eb) => eb.fn.countAll<number>().as('n')).where('fixed_at', 'is', null).executeTakeFirstOrThrow();
  return { found, fixed, open: Number(stillOpen.n) };
}
