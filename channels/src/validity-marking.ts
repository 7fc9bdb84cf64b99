import { VALIDITY } from '@tongyuan/document';

/** Today's validity as a ready-to-post package carries it (the publisher reads it from its validity board). */
export interface PackageValidity {
  status: string;
  endedOn: string | null;
  /** The line a page shows under the title of a document no longer in force; null while in force. */
  note: string | null;
}

type Package = Record<string, unknown>;

/**
 * The shared part of every package channel's `markValidity`: a `validity` field always, and
 * `markTitle` given 【已失效】 (or 【已修订】, 【尚未生效】) while the policy is not in force, so an
 * operator posting from the package cannot post an expired policy as current.
 */
export function markPackage<P>(payload: P, validity: PackageValidity, markTitle: (out: Package, marker: string) => void): P {
  if (!payload || typeof payload !== 'object') return payload;
  const out: Package = { ...(payload as Package), validity: { status: validity.status, endedOn: validity.endedOn, note: validity.note } };
  if (validity.status !== VALIDITY.inForce) markTitle(out, `【${validity.status}】`);
  return out as P;
}

/** The marker before the title, the title cut to `max` characters (code points) if it must be. */
export function markedTitle(out: Package, marker: string, max = Infinity): void {
  if (typeof out.title === 'string') out.title = fitCharacters(`${marker}${out.title}`, max);
}

/** At most `max` characters (code points), ending with … when cut. */
export function fitCharacters(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
