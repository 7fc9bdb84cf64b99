import { createHash, timingSafeEqual } from 'node:crypto';

/** The publisher calls the CMS with the webhook's shared secret: compared in constant time (hashed first, so lengths never leak). */
export function hookSecretMatches(given: unknown, expected: string): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
