import type { FollowUpDeps } from './channel';

/**
 * The rule every follow-up that builds files from what is live follows (the cinema's reels, the
 * loudspeakers' playlists, TV stations' packages, print booklets): while more of the channel's
 * renditions are queued or rendering, a built file that shows only items still live and in force
 * waits for them (`postponed`) — each render going live, or failing, asks for the follow-up again,
 * so a burst of publishes is built once with all of them rather than once per item. A file that
 * shows anything withdrawn, replaced or no longer in force is rebuilt at once, renders or not; and
 * once nothing is in flight every file is built from what is live, so none ends stale.
 *
 * Items are compared by identity strings each channel makes of what it shows (a document and its
 * file's hash, its title…): `held` is what the built file shows (undefined: nothing built yet),
 * `showable` what is live and in force for it now.
 */
export type MayWait = (held: Iterable<string> | undefined, showable: Iterable<string>) => boolean;

/** The waiting rule for one follow-up run: asks once how many of the channel's renders are in flight. */
export async function waitForRendersInFlight(deps: Pick<FollowUpDeps, 'rendersInFlight'>): Promise<MayWait> {
  if ((await deps.rendersInFlight()) === 0) return () => false;
  return (held, showable) => held === undefined || showsOnly(held, showable);
}

/** Whether everything `held` shows is among `showable` (nothing withdrawn, replaced or out of force). */
export function showsOnly(held: Iterable<string>, showable: Iterable<string>): boolean {
  const current = new Set(showable);
  for (const key of held) if (!current.has(key)) return false;
  return true;
}

/** The log line of a build: what changed, or that it waits for renders in flight; nothing when nothing happened. */
export function logBuild(deps: Pick<FollowUpDeps, 'logger'>, report: { built: number; removed: number; postponed: number }, context: object, messages: { built: string; waiting: string }): void {
  if (report.built || report.removed) deps.logger.info({ ...report, ...context }, messages.built);
  else if (report.postponed) deps.logger.info({ ...report, ...context }, messages.waiting);
}
