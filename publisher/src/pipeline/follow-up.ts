import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { chinaToday, concatFiles, type AnyChannel, type ArtifactRef, type Clock, type FollowUpDeps } from '@tongyuan/channels';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { policyListMembers } from '../policies/policy-lists';
import type { ValidityBoard } from '../policies/validity-board';
import type { ArtifactStore } from '../store/artifacts';
import type { PublicationQueries } from '../store/queries';
import type { BuiltFileStore } from '../store/built-files';
import type { ReelStore } from '../store/reels';
import type { Queues } from './queues';

/**
 * Channels' follow-up work (their `afterLive` hook: the reel rebuild, subscribers' pushes, a test
 * channel's index), asked for wherever what is live changes and run in the worker on the
 * `follow-up` queue. The publisher never names a channel here: it asks the hooks.
 */
export interface FollowUpRequestDeps {
  channels: AnyChannel[];
  queues: Pick<Queues, 'requestFollowUp' | 'requestWordingScan'>;
}

/**
 * Queues the follow-up of every channel (of these codes, or all) that has one; requests collapse while one waits.
 * What is live changed (or the minute's sweep came): the wording scan checks what is new against the norms dictionary.
 */
export async function requestFollowUps(deps: FollowUpRequestDeps, reason: string, codes?: readonly string[]): Promise<void> {
  for (const channel of deps.channels) {
    if (channel.afterLive && (!codes || codes.includes(channel.code))) await deps.queues.requestFollowUp(channel.code, reason);
  }
  await deps.queues.requestWordingScan(reason);
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
  queries: Pick<PublicationQueries, 'liveOn' | 'inFlightOn'>;
  queues: Pick<Queues, 'requestPolicyPush'>;
  logger: Logger;
  clock: Clock;
  validity: Pick<ValidityBoard, 'notInForce'>;
  reels: Pick<ReelStore, 'find' | 'save' | 'removeExcept'>;
  builtFiles: Pick<BuiltFileStore, 'list' | 'save' | 'removeExcept'>;
  artifacts: Pick<ArtifactStore, 'copyToFile' | 'putFile' | 'put'>;
  config: Pick<Config, 'MEDIA_CACHE_DIR' | 'REEL_DAYS' | 'REEL_MIN_SECONDS' | 'REEL_MAX_SECONDS' | 'LOUDSPEAKER_MAX_SECONDS'>;
}

/** What a channel's hooks may use: its own live renditions, and publisher work and stores reached by what they do. */
export function followUpDeps(deps: FollowUpRunDeps, channel: AnyChannel): FollowUpDeps {
  return {
    logger: deps.logger,
    live: () => deps.queries.liveOn(channel.code),
    rendersInFlight: () => deps.queries.inFlightOn(channel.code),
    today: () => chinaToday(deps.clock),
    inForce: async (documentId, validTo, day) => !(await deps.validity.notInForce(documentId, validTo, day)),
    reels: {
      find: (region, date) => deps.reels.find(region, date),
      save: (reel) => deps.reels.save(reel),
      removeExcept: (keep) => deps.reels.removeExcept(keep),
      join: (videos) => joinVideos(deps, videos),
      days: deps.config.REEL_DAYS,
      minSeconds: deps.config.REEL_MIN_SECONDS,
      maxSeconds: deps.config.REEL_MAX_SECONDS,
    },
    policyPush: { request: (reason) => deps.queues.requestPolicyPush(reason) },
    builtFiles: {
      list: () => deps.builtFiles.list(channel.code),
      save: (built) => deps.builtFiles.save(channel.code, built),
      removeExcept: (keys) => deps.builtFiles.removeExcept(channel.code, keys),
      store: async (name, mime, data) => ({ name, mime, ...(await deps.artifacts.put(data)) }),
    },
    loudspeakers: { maxSeconds: deps.config.LOUDSPEAKER_MAX_SECONDS, days: deps.config.REEL_DAYS },
    policyLists: () => policyListMembers(deps.queries),
  };
}

/** Stream copy of stored files into a new stored file (segments share one format by construction: MP4 videos, or MP3 programmes). */
async function joinVideos(deps: Pick<FollowUpRunDeps, 'artifacts' | 'config'>, videos: ArtifactRef[]): Promise<{ sha256: string; size: number }> {
  const { artifacts, config } = deps;
  const dir = path.join(config.MEDIA_CACHE_DIR, 'work', `reel-${randomUUID()}`);
  await mkdir(dir, { recursive: true });
  try {
    // The concat list (safe mode) takes plain names: each stored file into the work folder (a link on disk, a download from S3).
    const ext = videos[0]?.name.endsWith('.mp3') ? 'mp3' : 'mp4';
    const names = await Promise.all(videos.map(async (video, i) => {
      const name = `segment-${i}.${ext}`;
      await artifacts.copyToFile(video.sha256, path.join(dir, name));
      return name;
    }));
    const out = path.join(dir, `reel.${ext}`);
    await concatFiles(dir, names, out);
    return await artifacts.putFile(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The worker's side: runs a channel's follow-up. A request made while it runs is kept by the queue
 * (deduplication, keepLastIfActive) and runs after it, so a change during a run is never lost.
 */
export async function runFollowUp(deps: FollowUpRunDeps, code: string, reason: string): Promise<unknown> {
  const channel = deps.channels.find((c) => c.code === code);
  if (!channel?.afterLive) return 'no-follow-up'; // a channel this worker does not render (CHANNELS differs between processes)
  return channel.afterLive(followUpDeps(deps, channel), reason);
}
