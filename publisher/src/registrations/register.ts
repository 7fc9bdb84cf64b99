import { chinaDayOf, chinaLongDateTime as chinaTime } from '@tongyuan/document';
import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';
import type { Config } from '../config';
import { PublisherError } from '../errors';
import type { Sender, SpamGuard } from '../questions/spam-guard';
import type { Db } from '../store/db';
import { DuplicatePhone, ReceiptTaken, type RegistrationRow, type RegistrationStore } from '../store/registrations';
import type { RegistrationAllowance } from './allowance';
import { liveEvent, registrationWindow, type EventForRegistration } from './event-seats';
import { checkRegistration } from './registration-input';

/**
 * Registering for an open event (报名), written once for the form and anything after it: the event
 * must be live with its window open; the input is checked; the proof of work and the address's
 * allowance are the question desk's; then the store draws a seat or a place on the waiting list.
 * A refusal stores nothing. The registrant keeps a receipt code and a secret cancel link.
 */
export interface RegistrationDeps {
  db: Db; registrations: RegistrationStore; spamGuard: SpamGuard; allowance: RegistrationAllowance; clock: () => Date;
  config: Pick<Config, 'REGISTRATION_GROUPS' | 'HOOK_SECRET'>;
}
export interface RegistrationOrigin { sender: Sender; site: string | null; proofOfWork?: unknown; honeypot?: unknown }
export interface RegistrationResult { receipt: string; cancelKey: string; status: 'confirmed' | 'waitlisted'; position: number | null; row: RegistrationRow }

const RECEIPT_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I: read out at the door

export const cancelKeyHash = (key: string) => createHash('sha256').update(key).digest('hex');

/** The live event, or a 404 that says so (withdrawn and unpublished events take no registration). */
export async function eventOrRefuse(db: Db, documentId: string): Promise<EventForRegistration> {
  const event = /^[A-Za-z0-9_-]{1,64}$/.test(documentId) ? await liveEvent(db, documentId) : undefined;
  if (!event) throw new PublisherError('NOT_FOUND', '没有这个开放活动，或活动已撤回：请回到网站的活动页面查看');
  return event;
}

/** Why registration is not open now, in words for the form; null when it is. */
export function closedMessage(event: EventForRegistration, now: Date): string | null {
  const state = registrationWindow(event, now);
  if (state.open) return null;
  if (state.reason === 'no-registration') return '本活动无需报名，按活动页的时间地点直接参加即可';
  if (state.reason === 'started') return `活动已于 ${chinaTime(event.startsAt)} 开始，报名已截止`;
  if (state.reason === 'closed') return `报名已于 ${chinaTime(event.registrationClosesAt!)} 截止`;
  return `报名将于 ${chinaTime(event.registrationOpensAt!)} 开始，请到时再来`;
}

/** `event`: the live event (eventOrRefuse), as the form page showed it. */
export async function register(deps: RegistrationDeps, event: EventForRegistration, input: Record<string, unknown>, origin: RegistrationOrigin): Promise<RegistrationResult> {
  if (typeof origin.honeypot === 'string' && origin.honeypot.trim() !== '') {
    throw new PublisherError('QUESTION_CHECK_FAILED', '提交未通过防刷校验：请刷新页面后重新填写');
  }
  const now = deps.clock();
  const closed = closedMessage(event, now);
  if (closed) throw new PublisherError('REGISTRATION_CLOSED', closed);
  const person = checkRegistration(input, deps.config.REGISTRATION_GROUPS);
  const senderKey = deps.spamGuard.senderKey(origin.sender);
  // The proof and the address's allowance are checked together: each waits on Redis, and when a popular event
  // opens every wait is a turn of a busy event loop. A bad proof is the one reported (it still counts as a try).
  const [proof, allowance] = await Promise.allSettled([deps.spamGuard.checkProofOfWork(origin.proofOfWork), deps.allowance.allow(senderKey)]);
  if (proof.status === 'rejected') throw proof.reason;
  if (allowance.status === 'rejected') throw allowance.reason;

  const phoneKey = createHmac('sha256', deps.config.HOOK_SECRET).update(`registration-phone:${person.phone}`).digest('hex');
  const cancelKey = randomBytes(16).toString('base64url');
  const base = {
    event_id: event.documentId, name: person.name, phone: person.phone, phone_key: phoneKey, group_name: person.group,
    cancel_key_hash: cancelKeyHash(cancelKey), sender_key: senderKey, site: origin.site, registered_at: now.toISOString(),
  };
  // A receipt code drawn twice (32^6 codes a day) gets a new one; the store says so under its lock.
  for (let attempt = 1; ; attempt += 1) {
    const registration = { ...base, receipt: receiptCode(now) };
    try {
      const seat = await deps.registrations.register(registration, event.capacity!);
      const row: RegistrationRow = {
        ...registration, status: seat.status, arrival: seat.arrival, id: undefined,
        confirmed_at: seat.status === 'confirmed' ? registration.registered_at : null, cancelled_at: null, checked_in_at: null,
      };
      return { receipt: registration.receipt, cancelKey, status: seat.status, position: seat.position, row };
    } catch (error) {
      if (error instanceof DuplicatePhone) {
        throw new PublisherError('REGISTRATION_DUPLICATE', '这个手机号已经报名了本活动（每个手机号限报一次）：请查看报名后保存的回执；如需取消，请用回执上的取消链接');
      }
      if (!(error instanceof ReceiptTaken) || attempt === 5) throw error;
    }
  }
}

const receiptCode = (now: Date) =>
  `E${chinaDayOf(now).replaceAll('-', '')}-${Array.from({ length: 6 }, () => RECEIPT_ALPHABET[randomInt(RECEIPT_ALPHABET.length)]).join('')}`;

/**
 * A registration by its receipt code, without who it is (for surveys: one response per registration).
 * Undefined for an unknown code; `eventId` is checked by the caller against the survey's event.
 */
export async function findRegistrationByReceipt(registrations: RegistrationStore, receipt: string):
Promise<{ receipt: string; eventId: string; status: RegistrationRow['status']; checkedIn: boolean } | undefined> {
  const row = /^E\d{8}-[A-Z2-9]{6}$/.test(receipt.trim().toUpperCase()) ? await registrations.byReceipt(receipt.trim().toUpperCase()) : undefined;
  return row && { receipt: row.receipt, eventId: row.event_id, status: row.status, checkedIn: row.checked_in_at !== null };
}
