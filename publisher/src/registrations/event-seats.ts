import { CHANNEL_ROLES } from '@tongyuan/channels';
import type { OpenEvent } from '@tongyuan/document';
import type { Db } from '../store/db';

/**
 * What registration needs from a live open event (开放活动, the document kernel's kind 'event'):
 * who organizes it (the department sees the registrants), when it runs, how many seats, the window.
 * `capacity` null: the event takes no registration.
 */
export type EventForRegistration = Pick<OpenEvent,
  'documentId' | 'title' | 'department' | 'county' | 'startsAt' | 'endsAt' | 'place' | 'capacity' | 'registrationOpensAt' | 'registrationClosesAt' | 'sites'>;

/**
 * The event as it is live on the portal now (its published revision), or undefined when it is not
 * an event, not published or withdrawn: registration follows what readers can see.
 */
export async function liveEvent(db: Db, documentId: string): Promise<EventForRegistration | undefined> {
  const row = await db.selectFrom('live').innerJoin('revisions', (j) => j.onRef('revisions.document_id', '=', 'live.document_id').onRef('revisions.hash', '=', 'live.hash'))
    .select(['revisions.body', 'revisions.kind']).where('live.channel', '=', CHANNEL_ROLES.portal).where('live.document_id', '=', documentId).executeTakeFirst();
  if (!row || row.kind !== 'event') return undefined;
  const event = JSON.parse(row.body) as OpenEvent;
  return event.kind === 'event' || event.documentId === documentId ? event : undefined;
}

/** Where registration stands for an event at `now`: open, or why not (for the form and its refusals). */
export type WindowState = { open: true } | { open: false; reason: 'no-registration' | 'not-yet' | 'closed' | 'started' };

export function registrationWindow(event: EventForRegistration, now: Date): WindowState {
  if (event.capacity === null) return { open: false, reason: 'no-registration' };
  if (now.getTime() >= Date.parse(event.startsAt)) return { open: false, reason: 'started' };
  if (event.registrationClosesAt && now.getTime() >= Date.parse(event.registrationClosesAt)) return { open: false, reason: 'closed' };
  if (event.registrationOpensAt && now.getTime() < Date.parse(event.registrationOpensAt)) return { open: false, reason: 'not-yet' };
  return { open: true };
}
