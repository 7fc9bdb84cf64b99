import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildLoudspeakers, choosePlaylist, concatFiles, resolveFfmpeg, type ArtifactRef, type AudioPayload, type BuiltFile, type FollowUpDeps, type LoudspeakerBody } from '@tongyuan/channels';
import { loudness, probe } from '../support/media';

/**
 * Village loudspeakers (村村响) without a stack: the playlist rules, and the follow-up joining real
 * MP3s (the programme's own format: 44.1 kHz mono 64 kbit/s LAME at −16 LUFS) by the same stream
 * copy the publisher runs — looked at with ffprobe (length) and ffmpeg's EBU R128 meter (loudness).
 */
describe('loudspeaker playlist rules', () => {
  const item = (documentId: string, day: number, seconds: number) => ({ documentId, publishedAt: `2026-12-0${day}T08:00:00Z`, seconds });

  it('is newest first, up to the limit; one that would run over is left for a shorter, older one', () => {
    const chosen = choosePlaylist([item('old', 1, 100), item('new', 3, 300), item('long', 2, 400), item('mid', 2, 200)], 600);
    expect(chosen.map((c) => c.documentId)).toEqual(['new', 'mid', 'old']); // 'long' would make 1000 s
    expect(choosePlaylist([item('a', 1, 700)], 600)).toEqual([]);
  });
});

describe('loudspeaker follow-up (joined MP3 per region)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'loudspeakers-'));
  const stored = new Map<string, string>(); // sha256 → file
  const built = new Map<string, BuiltFile>();
  let live: Array<{ id: string; day: number; regions: string[]; validTo: string | null }> = [];
  let joins = 0;
  const parts = new Map<string, { file: ArtifactRef; seconds: number }>();
  const store = (file: string) => {
    const data = readFileSync(file);
    const sha256 = createHash('sha256').update(data).digest('hex');
    stored.set(sha256, file);
    return { sha256, size: data.length };
  };
  const names: Record<string, string> = { east: '莒县东部片区', south: '莒县南部片区' };
  const deps = {
    logger: { info: () => undefined, warn: () => undefined }, today: () => '2026-12-03',
    live: async () => live.map((d) => ({
      documentId: d.id, channel: 'audio', hash: `h${d.id}`, title: `节目${d.id}`, publishedAt: `2026-12-0${d.day}T08:00:00Z`, updatedAt: '',
      artifacts: [parts.get(d.id)!.file],
      payload: { seconds: parts.get(d.id)!.seconds, department: '莒县医疗保障局', validTo: d.validTo, regions: d.regions.map((code) => ({ code, name: names[code] })) } as unknown as AudioPayload,
    })),
    inForce: async (_id: string, validTo: string | null, day: string) => validTo === null || validTo >= day,
    rendersInFlight: async () => 0,
    loudspeakers: { maxSeconds: 85, days: 3 },
    reels: {
      // The publisher's join: stored files linked into a work folder, then concatFiles (stream copy).
      join: async (files: ArtifactRef[]) => {
        joins += 1;
        const work = mkdtempSync(path.join(dir, 'join-'));
        const linked = files.map((f, i) => (symlinkSync(stored.get(f.sha256)!, path.join(work, `segment-${i}.mp3`)), `segment-${i}.mp3`));
        await concatFiles(work, linked, path.join(work, 'reel.mp3'));
        return store(path.join(work, 'reel.mp3'));
      },
    },
    builtFiles: {
      list: async () => [...built.values()], save: async (b: BuiltFile) => void built.set(b.key, b),
      removeExcept: async (keys: string[]) => [...built.keys()].filter((k) => !keys.includes(k) && built.delete(k)).length,
    },
  } as unknown as FollowUpDeps<AudioPayload>;
  const region = (code: string, date = '2026-12-03') => built.get(`region:${code}:${date}`) as BuiltFile<LoudspeakerBody> | undefined;
  const joined = (code: string, date?: string) => stored.get(region(code, date)!.file.sha256)!;

  beforeAll(() => {
    // Pink noise levelled to −16 LUFS and coded as the programme's MP3 is (master.ts): 14 s, 17 s, 20 s and 50 s.
    for (const [id, seconds] of [['a', 14], ['b', 17], ['c', 20], ['d', 50]] as const) {
      const file = path.join(dir, `${id}.mp3`);
      execFileSync(resolveFfmpeg().path, ['-hide_banner', '-v', 'error', '-f', 'lavfi', '-i', `anoisesrc=color=pink:duration=${seconds}:seed=${seconds}`,
        '-af', 'loudnorm=I=-16:TP=-2', '-ar', '44100', '-ac', '1', '-c:a', 'libmp3lame', '-b:a', '64k', '-compression_level', '7', '-id3v2_version', '3', '-write_xing', '1', file]);
      parts.set(id, { file: { name: `${id}.mp3`, mime: 'audio/mpeg', ...store(file) }, seconds: probe(file).duration });
    }
  }, 30_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('joins each region\'s newest programmes into one MP3 as long as its parts, at −16 LUFS; expired ones are out', async () => {
    live = [
      { id: 'a', day: 1, regions: ['east'], validTo: null }, { id: 'b', day: 2, regions: ['east', 'south'], validTo: null },
      { id: 'c', day: 3, regions: ['east'], validTo: null }, { id: 'd', day: 4, regions: ['east'], validTo: null },
      { id: 'x', day: 5, regions: ['east'], validTo: '2026-12-02' },
    ];
    parts.set('x', parts.get('a')!);
    // Today and the two days after (the same programmes in force on all three: one joined file per region).
    expect(await buildLoudspeakers(deps)).toEqual({ built: 6, unchanged: 0, removed: 0, joined: 2, postponed: 0 });
    expect(joins).toBe(2);
    expect(region('east', '2026-12-05')!.file.sha256).toBe(region('east')!.file.sha256);
    const east = region('east')!;
    expect(east.body.items.map((i) => i.documentId)).toEqual(['d', 'c', 'a']); // newest first; b would run past 85 s, a still fits
    expect(region('south')!.body.items.map((i) => i.documentId)).toEqual(['b']);
    const sum = ['d', 'c', 'a'].reduce((total, id) => total + parts.get(id)!.seconds, 0);
    const info = probe(joined('east'));
    expect(info.audio).toMatchObject({ codec_name: 'mp3', sample_rate: '44100', channels: 1 });
    expect(Math.abs(info.duration - sum)).toBeLessThanOrEqual(0.1);
    expect(Math.abs(east.body.seconds - sum)).toBeLessThanOrEqual(0.1);
    expect(Math.abs(loudness(joined('east')).integrated + 16)).toBeLessThanOrEqual(1);
    expect(east.file).toMatchObject({ name: '村村响-莒县东部片区-2026-12-03.mp3', mime: 'audio/mpeg' });
    expect(await buildLoudspeakers(deps)).toEqual({ built: 0, unchanged: 6, removed: 0, joined: 0, postponed: 0 });
  });

  it('rebuilds a region without a withdrawn programme (shorter, another file) and removes a region left with none', async () => {
    const before = region('east')!.file.sha256;
    const three = probe(joined('east')).duration;
    live = live.filter((d) => d.id !== 'b' && d.id !== 'd');
    expect(await buildLoudspeakers(deps)).toEqual({ built: 3, unchanged: 0, removed: 3, joined: 1, postponed: 0 });
    expect(region('east')!.body.items.map((i) => i.documentId)).toEqual(['c', 'a']);
    expect(region('east')!.file.sha256).not.toBe(before);
    const after = probe(joined('east')).duration;
    expect(Math.abs(after - (parts.get('c')!.seconds + parts.get('a')!.seconds))).toBeLessThanOrEqual(0.1);
    expect(after).toBeLessThan(three - 30);
    expect(region('south')).toBeUndefined();
  });

  it('gives each day its own playlist: a programme whose basis ends tomorrow is in today\'s and tomorrow\'s, not the day after\'s', async () => {
    live = [{ id: 'a', day: 1, regions: ['east'], validTo: null }, { id: 'c', day: 3, regions: ['east'], validTo: '2026-12-04' }];
    joins = 0;
    expect(await buildLoudspeakers(deps)).toEqual({ built: 1, unchanged: 2, removed: 0, joined: 1, postponed: 0 }); // only the 5th changed
    expect(joins).toBe(1);
    expect(region('east', '2026-12-04')!.body.items.map((i) => i.documentId)).toEqual(['c', 'a']);
    const after = region('east', '2026-12-05')!;
    expect(after.body.items.map((i) => i.documentId)).toEqual(['a']);
    expect(after.file).toMatchObject({ name: '村村响-莒县东部片区-2026-12-05.mp3' });
    expect(after.file.sha256).not.toBe(region('east')!.file.sha256);
    expect(Math.abs(probe(joined('east', '2026-12-05')).duration - parts.get('a')!.seconds)).toBeLessThanOrEqual(0.1);
  });
});
