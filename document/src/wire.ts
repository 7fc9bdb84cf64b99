import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * What the CMS and the publisher say to each other over HTTP. Strapi's webhooks carry no
 * signature, only a static header, so both sides send the shared HOOK_SECRET in this header and
 * check it in constant time.
 */
export const HOOK_SECRET_HEADER = 'x-tongyuan-hook-secret';

/** Constant-time comparison of a secret someone sent with the one configured (hashed first, so lengths never leak). */
export function secretMatches(given: unknown, expected: string): boolean {
  if (typeof given !== 'string' || given.length === 0 || expected.length === 0) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** The check of the HOOK_SECRET_HEADER value (a header sent twice arrives as an array, and is refused). */
export const hookSecretMatches: (given: unknown, expected: string) => boolean = secretMatches;
