import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The door link (门口签到链接): what opens one event's check-in page and door list — registrants'
 * names and phone tails — on a staff member's phone. Only the CMS asks for it, and only for the
 * organizing department's staff (and their county's office, the city office): cms/src/events/organizer-routes.ts.
 * It is signed with HOOK_SECRET for that one event and lasts until a day after the event ends, so a
 * link forwarded beyond the department stops working when the event is over.
 */
export const DOOR_COOKIE = 'tongyuan_door';
const DAY_MS = 24 * 3600_000;

const signature = (secret: string, eventId: string, expires: number) =>
  createHmac('sha256', secret).update(`door-link:${eventId}:${expires}`).digest('base64url');

/** Valid from now until a day after the event ends (or a day from now, for an event already over). */
export function doorLinkExpiry(endsAt: string, now: Date): Date {
  return new Date(Math.max(Date.parse(endsAt), now.getTime()) + DAY_MS);
}

/** `<expiry in seconds>.<signature>`: short enough for a QR code a phone reads from a screen. */
export function doorToken(secret: string, eventId: string, expiresAt: Date): string {
  const expires = Math.floor(expiresAt.getTime() / 1000);
  return `${expires}.${signature(secret, eventId, expires)}`;
}

export type DoorTokenCheck = { valid: true; expiresAt: Date } | { valid: false; reason: 'missing' | 'expired' | 'wrong' };

export function checkDoorToken(secret: string, eventId: string, token: unknown, now: Date): DoorTokenCheck {
  if (typeof token !== 'string' || token === '') return { valid: false, reason: 'missing' };
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return { valid: false, reason: 'wrong' };
  const expires = Number(match[1]);
  const expected = Buffer.from(signature(secret, eventId, expires));
  if (!timingSafeEqual(expected, Buffer.from(match[2]))) return { valid: false, reason: 'wrong' };
  if (expires * 1000 <= now.getTime()) return { valid: false, reason: 'expired' };
  return { valid: true, expiresAt: new Date(expires * 1000) };
}
