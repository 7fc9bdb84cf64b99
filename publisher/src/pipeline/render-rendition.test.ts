import type { AnyChannel } from '@tongyuan/channels';
import { renderRendition, type RenderDeps } from './render-rendition';

/**
 * A channel whose built files wait for renders in flight (follow-up-settling.ts) must hear of every render that
 * leaves the queue — gone live, failed for good, or rendered for a go-live time still ahead — or a file that waited
 * for it stays as it was until the minute's sweep. The store and queues are stand-ins that record what was asked.
 */
function harness(outcome: 'live' | 'ready' | 'superseded', render: AnyChannel['render'] = async () => ({ payload: {}, artifacts: [], listings: [] })) {
  const followUps: string[] = [];
  const channel = { code: 'fixture-files', name: '测试文件', accepts: () => true, preflight: async () => [], render, afterLive: async () => undefined } as unknown as AnyChannel;
  const goLiveAt = outcome === 'ready' ? '2099-01-01T00:00:00Z' : null;
  const deps = {
    store: {
      markRendering: async () => undefined,
      completeRendition: async () => outcome,
      failRendition: async () => undefined,
      waitForStorage: async () => undefined,
    },
    queries: {
      renditionsOf: async () => [{ id: 1, channel: 'fixture-files', status: 'queued' }],
      revisionBody: async () => ({ body: { kind: 'interpretation', goLiveAt, basis: [] }, recordedAt: '2026-12-05T00:00:00Z' }),
    },
    queues: {
      scheduleRelease: async () => undefined,
      requestReels: async () => undefined,
      requestFollowUp: async (code: string) => void followUps.push(code),
      requestWordingScan: async () => undefined,
    },
    config: { PUBLIC_URL: 'http://127.0.0.1', MEDIA_CACHE_DIR: '/nonexistent', SPEECH_ENGINE: 'off', FFMPEG_TIMEOUT_MS: 1000 },
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    channels: [channel],
    // Going live records the validity it went out with: a board that answers "in force", a store that takes the mark.
    validity: { of: async () => ({ status: '现行有效', endedOn: null, endedBy: null }) },
    db: { insertInto: () => ({ values: () => ({ onConflict: () => ({ execute: async () => undefined }) }) }) },
    clock: () => new Date('2026-12-05T04:00:00Z'),
  } as unknown as RenderDeps;
  const run = (attempt = 1) => renderRendition(deps, 'doc-1', 'fixture-files', 'hash-1', { attempt, maxAttempts: 2, updateProgress: async () => undefined });
  return { run, followUps };
}

describe('a render leaving the queue asks for its channel\'s follow-up', () => {
  it('when it goes live', async () => {
    const { run, followUps } = harness('live');
    expect(await run()).toBe('live');
    expect(followUps).toEqual(['fixture-files']);
  });

  it('when it is rendered for a go-live time still ahead (no longer in flight, not yet live)', async () => {
    const { run, followUps } = harness('ready');
    expect(await run()).toBe('ready');
    expect(followUps).toEqual(['fixture-files']);
  });

  it('when it fails for good, and not while it will be tried again', async () => {
    const { run, followUps } = harness('live', async () => { throw new Error('磁盘出错'); });
    await expect(run(1)).rejects.toThrow('磁盘出错');
    expect(followUps).toEqual([]);
    await expect(run(2)).rejects.toThrow('磁盘出错');
    expect(followUps).toEqual(['fixture-files']);
  });
});
