import type { OpenEvent } from '@tongyuan/document';
import { createDb, migrate } from '../../publisher/src/store/db';

/**
 * An open event with registration, live on the portal, written straight into a publisher's store
 * (its revision and its live row, nothing rendered): what registration reads of a live event, for
 * tests and the benchmark that are about registration and not about publishing events.
 */
export function openEventFixture(documentId: string, overrides: Partial<OpenEvent> = {}): OpenEvent {
  const day = 24 * 3600_000;
  return {
    kind: 'event', documentId, slug: documentId, title: '政府开放日：走进政务服务中心', digest: '', body: '',
    department: { code: 'juxian-gov-office', name: '莒县人民政府办公室', documentId: 'dept-fixture', hotline: '' }, county: { code: 'juxian', name: '莒县' },
    startsAt: new Date(Date.now() + 7 * day).toISOString(), endsAt: new Date(Date.now() + 7 * day + 3 * 3600_000).toISOString(),
    place: '莒县政务服务中心三楼', liveUrl: null, vrUrl: null, audience: '市民', capacity: 2, registrationOpensAt: new Date(Date.now() - day).toISOString(),
    registrationClosesAt: null, bring: '', accessibility: '', cover: null, channels: ['web'], sites: [{ code: 'juxian-portal', name: '莒县人民政府', kind: 'portal' }],
    kioskTerminals: [], ...overrides,
  } as OpenEvent;
}

export async function putLiveEvent(databaseUrl: string, event: OpenEvent, site?: { code: string; name: string }): Promise<void> {
  const db = createDb(databaseUrl);
  try {
    await migrate(db);
    const now = new Date().toISOString();
    const hash = `fixture-${Date.now()}`;
    await db.insertInto('revisions').values({ document_id: event.documentId, hash, kind: 'event', body: JSON.stringify(event), source_version: now, published_by: null, go_live_at: null, created_at: now }).execute();
    await db.deleteFrom('live').where('channel', '=', 'web').where('document_id', '=', event.documentId).execute();
    await db.insertInto('live').values({ channel: 'web', document_id: event.documentId, rendition_id: 0, hash, title: event.title, published_at: now, updated_at: now }).execute();
    // A site with nothing else live needs one listing row to exist for the portal (the benchmark's own site).
    if (site) {
      await db.insertInto('listings').values({ channel: 'web', site: site.code, site_name: site.name, col: 'events', document_id: event.documentId, sort_at: now })
        .onConflict((c) => c.doNothing()).execute();
    }
  } finally {
    await db.destroy();
  }
}
