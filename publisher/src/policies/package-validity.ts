import { channelFor } from '@tongyuan/channels';
import { validityNote, type Validity } from './validity-board';

/**
 * Ready-to-post packages as operators are served them (GraphQL payloads and the package files):
 * each package channel marks its own (`markValidity`, channels/src/validity-marking.ts) with
 * today's validity, read from the validity board when served, so a change needs no render.
 */
export const isPackageChannel = (channel: string) => Boolean(channelFor(channel)?.markValidity);

/** The package files whose JSON is served with the same marking. */
export const isPackageFile = (channel: string, name: string) => {
  const file = channelFor(channel)?.packageFile;
  return file !== undefined && file === name;
};

export function servedPackage<T>(channel: string, payload: T, validity: Validity): T {
  const mark = channelFor(channel)?.markValidity;
  if (!mark || !payload || typeof payload !== 'object') return payload;
  return mark(payload, { status: validity.status, endedOn: validity.endedOn, note: validityNote(validity) }) as T;
}
