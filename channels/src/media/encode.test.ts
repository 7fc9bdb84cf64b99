import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderTitleCard } from '../cinema/slides';
import { addSoundTrack, concatClips, describeMedia, encodeStill } from './encode';

describe('encoding slides and joining them by stream copy', () => {
  it('makes a 1920×1080 25 fps H.264 High yuv420p + AAC-LC 48 kHz stereo faststart MP4 of the summed length, constant frame rate', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-encode-'));
    const size = { width: 1920, height: 1080 };
    const clips: string[] = [];
    for (const [i, title] of ['城乡居民医保开始缴费', '每人400元，12月31日截止'].entries()) {
      const png = path.join(dir, `slide-${i}.png`);
      writeFileSync(png, renderTitleCard({ brand: '政在开讲', title, department: '莒县医疗保障局', date: '2026年11月23日' }));
      const clip = path.join(dir, `clip-${i}.mp4`);
      expect(await encodeStill(png, 2, clip, size)).toBeCloseTo(1.92, 5);
      clips.push(clip);
    }
    const joined = path.join(dir, 'joined.mp4');
    await concatClips(clips, joined);
    const out = path.join(dir, 'segment.mp4');
    await addSoundTrack(joined, null, out);
    const info = describeMedia(out);
    expect(info.video).toEqual({ codec: 'h264', profile: 'High', pixelFormat: 'yuv420p', width: 1920, height: 1080, fps: 25 });
    expect(info.audio).toEqual({ codec: 'aac', profile: 'LC', sampleRate: 48000, channels: 'stereo' });
    expect(info.durationSeconds).toBeCloseTo(3.84, 1);
    const bytes = readFileSync(out);
    expect(bytes.indexOf('moov')).toBeLessThan(bytes.indexOf('mdat')); // faststart: playable while downloading
  }, 120_000);

  it('refuses clip names the concat list could misread', async () => {
    await expect(concatClips(["/tmp/x/it's.mp4"], '/tmp/x/out.mp4')).rejects.toThrow('必须与输出文件同目录');
  });
});
