import type { AnyChannel, FollowUpDeps } from '@tongyuan/channels';
import type { Logger } from '../logger';
import type { PublicationQueries } from '../store/queries';
import type { Queues } from './queues';

/**
 * Channels' follow-up work (their `afterLive` hook: the reel rebuild, subscribers' pushes, a test
 * channel's index), asked for wherever what is live changes and run in the worker on the
 * `follow-up` queue. The publisher never names a channel here: it asks the hooks.
 */
export interface FollowUpRequestDeps {
  channels: AnyChannel[];
  queues: Pick<Queues, 'requestFollowUp'>;
}

/** Queues the follow-up of every channel (of these codes, or all) that has one; requests collapse while one waits. */
export async function requestFollowUps(deps: FollowUpRequestDeps, reason: string, codes?: readonly string[]): Promise<void> {
  for (const channel of deps.channels) {
    if (channel.afterLive && (!codes || codes.includes(channel.code))) await deps.queues.requestFollowUp(channel.code, reason);
  }
}

/** Documents left these channels: each channel's `withdraw` hook, then its follow-up. */
export async function channelsLost(deps: FollowUpRequestDeps & FollowUpRunDeps, documentIds: string[], codes: readonly string[], reason: string): Promise<void> {
  for (const channel of deps.channels.filter((c) => codes.includes(c.code))) {
    if (channel.withdraw) await channel.withdraw(documentIds, followUpDeps(deps, channel));
  }
  await requestFollowUps(deps, reason, codes);
}

export interface FollowUpRunDeps {
  channels: AnyChannel[];
  queries: Pick<PublicationQueries, 'liveOn' | 'latestChangeSeq'>;
  queues: Pick<Queues, 'requestReels' | 'requestPolicyPush'>;
  logger: Logger;
}

/** What a channel's hooks may use: its own live renditions, and publisher work reached by what it does. */
export function followUpDeps(deps: FollowUpRunDeps, channel: AnyChannel): FollowUpDeps {
  return {
    logger: deps.logger,
    live: () => deps.queries.liveOn(channel.code),
    reels: { request: (reason) => deps.queues.requestReels(reason) },
    policyPush: { request: (reason) => deps.queues.requestPolicyPush(reason) },
  };
}

/** The worker's side: runs a channel's follow-up, again while what is live moved during a run (a request then was collapsed into this one). */
export async function runFollowUp(deps: FollowUpRunDeps, code: string, reason: string): Promise<unknown> {
  const channel = deps.channels.find((c) => c.code === code);
  if (!channel?.afterLive) return 'no-follow-up'; // a channel this worker does not render (CHANNELS differs between processes)
  let result: unknown;
  for (let round = 0; round < 5; round += 1) {
    const before = await deps.queries.latestChangeSeq();
    result = await channel.afterLive(followUpDeps(deps, channel), reason);
    if ((await deps.queries.latestChangeSeq()) === before) return result;
  }
  return result;
}
