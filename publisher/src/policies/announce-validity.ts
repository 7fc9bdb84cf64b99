import { chinaToday, registeredChannels } from '@tongyuan/channels';
import type { Logger } from '../logger';
import type { Db } from '../store/db';
import type { ValidityBoard } from './validity-board';
import { ValidityMarks } from '../store/validity-marks';

/**
 * Tells operators polling `changes(since:)` that a live document's validity changed — a basis end
 * date passed, a clerk published an earlier end date, or lifted it — with an UPSERT row on every
 * channel the document is live on (the rendition it points to is unchanged; its served package now
 * says 【已失效】). Runs with the reels' sweep (every minute) and after a policy document goes live.
 */
export interface ValidityMarkDeps { db: Db; validity: ValidityBoard; clock: () => Date }
export type AnnounceValidityDeps = ValidityMarkDeps & { logger: Pick<Logger, 'info'> };

/** Per store, the day and change sequence of this process's last completed sweep. */
const swept = new WeakMap<object, string>();

export async function announceValidityChanges(services: AnnounceValidityDeps, day = chinaToday(services.clock)): Promise<number> {
  // A validity changes only with the day or with what is live, and every publish and withdrawal moves the change
  // sequence: with neither moved since the last sweep there is nothing to announce, and a quiet minute costs one read,
  // not one per live document (at 20,000 documents that was most of the worker's idle CPU).
  const state = `${day} ${await services.validity.stateKey()}`;
  if (swept.get(services.db) === state) return 0;
  const marks = new ValidityMarks(services.db);
  const known = await marks.all();
  const at = services.clock().toISOString();
  // The validTo a rendition recorded (kiosk, cinema): the board's fallback where no basis list is live (no web channel).
  const documents = new Map<string, string | null>();
  for (const row of await services.db.selectFrom('live').select('document_id').distinct().execute()) documents.set(row.document_id, null);
  const recording = new Map(registeredChannels().filter((c) => c.validToOf).map((c) => [c.code as string, c]));
  if (recording.size) {
    for (const row of await services.db.selectFrom('live').innerJoin('renditions', 'renditions.id', 'live.rendition_id')
      .select(['live.document_id', 'live.channel', 'renditions.payload']).where('live.channel', 'in', [...recording.keys()]).execute()) {
      const validTo = row.payload ? (recording.get(row.channel)!.validToOf!(JSON.parse(row.payload)) ?? null) : null;
      if (validTo) documents.set(row.document_id, validTo);
    }
  }
  let announced = 0;
  const validities = await services.validity.ofAll(documents, day);
  for (const [documentId, validity] of validities) {
    const now = { status: validity.status, endedOn: validity.endedOn };
    const before = known.get(documentId);
    if (!before) await marks.first(documentId, now, at);
    else if (before.status !== now.status || before.endedOn !== now.endedOn) {
      if (await marks.announce(documentId, before, now, at)) {
        announced += 1;
        services.logger.info({ documentId, from: before.status, to: now.status, endedOn: now.endedOn }, '文档有效性变化，已通知各渠道');
      }
    }
  }
  await marks.forgetGone();
  swept.set(services.db, state);
  return announced;
}

/** A document just went live: the validity it went out with is its mark (a later change is announced from it). */
export async function markValidityAtLive(services: ValidityMarkDeps, documentId: string, validTo: string | null): Promise<void> {
  const validity = await services.validity.of(documentId, validTo, chinaToday(services.clock));
  await new ValidityMarks(services.db).first(documentId, { status: validity.status, endedOn: validity.endedOn }, services.clock().toISOString());
}
