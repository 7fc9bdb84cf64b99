import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cinemaChannel, RenditionRefused } from '@tongyuan/channels';
import { parseSync } from 'subtitle';
import { hostileInterpretation, juxianInterpretation } from '../support/fixtures';
import { brightPixels, decodeErrors, grabFrame, loudness, probe, videoPacketTimes } from '../support/media';
import { localRenderContext } from '../support/render-context';

const cuesOf = (file: string) =>
  parseSync(readFileSync(file, 'utf8')).filter((n) => n.type === 'cue').map((n) => n.data as { start: number; end: number; text: string });

describe('cinema segment', () => {
  const progress: number[] = [];
  const local = localRenderContext({ progress });
  let result: Awaited<ReturnType<typeof cinemaChannel.render>>;
  let video: string;

  beforeAll(async () => {
    result = await cinemaChannel.render(hostileInterpretation(), local.ctx);
    video = local.files.get('sx-small-scale-vat-relief.mp4')!;
  }, 180_000);

  it('is 1920×1080 H.264 High yuv420p at a constant 25 fps, AAC-LC 48 kHz stereo, faststart, 30–90 s', () => {
    const info = probe(video);
    expect(info.video).toMatchObject({ codec_name: 'h264', profile: 'High', pix_fmt: 'yuv420p', width: 1920, height: 1080, r_frame_rate: '25/1', avg_frame_rate: '25/1' });
    expect(info.audio).toMatchObject({ codec_name: 'aac', profile: 'LC', sample_rate: '48000', channels: 2 });
    expect(info.duration).toBeGreaterThanOrEqual(30);
    expect(info.duration).toBeLessThanOrEqual(90.1);
    const times = videoPacketTimes(video);
    expect(times.length).toBe(Math.round(info.duration * 25));
    expect(times.every((t, i) => i === 0 || Math.abs(t - times[i - 1] - 0.04) < 1e-3)).toBe(true);
    expect(Math.abs(Number(info.audio!.duration) - Number(info.video!.duration))).toBeLessThan(0.05);
    const bytes = readFileSync(video);
    expect(bytes.indexOf('moov')).toBeLessThan(bytes.indexOf('mdat'));
    expect(progress.length).toBeGreaterThan(1);
    expect(decodeErrors(video)).toBe(''); // every frame decodes cleanly
  });

  it('has sidecar SRT and WebVTT cues in order, ending with the video, carrying the text without emoji', () => {
    const duration = probe(video).duration;
    for (const name of ['sx-small-scale-vat-relief.srt', 'sx-small-scale-vat-relief.vtt']) {
      const cues = cuesOf(local.files.get(name)!);
      expect(cues.length).toBeGreaterThan(5);
      expect(cues.every((c, i) => c.end > c.start && (i === 0 || c.start >= cues[i - 1].end))).toBe(true);
      expect(Math.abs(cues.at(-1)!.end / 1000 - duration)).toBeLessThan(0.05);
      const text = cues.map((c) => c.text).join('\n');
      expect(text).not.toMatch(/📢|✅/u);
      expect(text).toContain('𠮷家村');
      expect(text).toContain("我要办税\\税费申报:'\\%"); // filter-string characters arrive as text
      expect(text).toContain('更多内容详见门户网站'); // the 5,000-character key point did not fit in 90 s
    }
    expect(readFileSync(local.files.get('sx-small-scale-vat-relief.vtt')!, 'utf8')).toMatch(/^WEBVTT/);
    expect(result.payload).toMatchObject({ regions: [{ code: 'jx-east', name: '莒县东部片区' }] });
  });

  it('burns the subtitle in: a frame during a cue differs from the plain slide, and all text stays title-safe', async () => {
    const cues = cuesOf(local.files.get('sx-small-scale-vat-relief.srt')!);
    const keyPoint = cues.find((c) => c.text.startsWith('月销售额'))!;
    const plain = await grabFrame(video, keyPoint.start / 1000 - 0.3, 'cinema-plain');
    const subtitled = await grabFrame(video, (keyPoint.start + keyPoint.end) / 2000, 'cinema-subtitle');
    const band = { left: 0, top: 820, right: 1920, bottom: 990 };
    expect(brightPixels(plain, band)).toBe(0);
    expect(brightPixels(subtitled, band)).toBeGreaterThan(2000);
    // Held frames are spliced repeat frames: they must decode to exactly the keyframe's picture.
    const later = await grabFrame(video, keyPoint.end / 1000 - 0.1, 'cinema-held');
    expect(later.data.equals(subtitled.data)).toBe(true);
    const safe = { left: 192, top: 108, right: 1728, bottom: 972 };
    for (const frame of [plain, subtitled]) {
      const total = brightPixels(frame, { left: 0, top: 0, right: 1920, bottom: 1080 });
      expect(brightPixels(frame, safe)).toBe(total);
    }
  });

  it('is narrated by the espeak-ng npm install brings, normalized to −23 LUFS ±1 with true peak ≤ −1 dBTP', () => {
    // This machine has no system espeak-ng: the voice comes from the WebAssembly build.
    expect((result.payload as { narration: unknown }).narration).toEqual({ engine: expect.stringContaining('espeak-ng（内置'), present: true });
    const measured = loudness(video);
    expect(measured.integrated).toBeGreaterThanOrEqual(-24);
    expect(measured.integrated).toBeLessThanOrEqual(-22);
    expect(measured.truePeak).toBeLessThanOrEqual(-1);
  });

  it('never encodes an unchanged still again: the same document is a cache hit, one changed key point encodes only its own frames', async () => {
    const unitsBefore = readdirSync(path.join(local.cacheDir, 'keyframes')).length;
    const again = localRenderContext({ cacheDir: local.cacheDir });
    const same = await cinemaChannel.render(hostileInterpretation(), again.ctx);
    expect(same.artifacts.find((a) => a.name.endsWith('.mp4'))!.sha256).toBe(result.artifacts.find((a) => a.name.endsWith('.mp4'))!.sha256);
    expect(readdirSync(path.join(local.cacheDir, 'keyframes')).length).toBe(unitsBefore);

    const changed = hostileInterpretation();
    changed.keyPoints[0].text = '月销售额10万元以下的小规模纳税人，免征增值税。';
    await cinemaChannel.render(changed, localRenderContext({ cacheDir: local.cacheDir }).ctx);
    const added = readdirSync(path.join(local.cacheDir, 'keyframes')).length - unitsBefore;
    expect(added).toBeGreaterThan(0);
    expect(added).toBeLessThan(unitsBefore / 2);
  }, 180_000);

  it('refuses a character the bundled font cannot draw, naming it, without retrying', async () => {
    const doc = juxianInterpretation();
    doc.keyPoints[0].text = '缴费标准\u{E000}见附件';
    await expect(cinemaChannel.preflight(doc, localRenderContext().ctx)).resolves.toContainEqual(expect.objectContaining({ level: 'error', field: 'keyPoints[0]' }));
    await expect(cinemaChannel.render(doc, localRenderContext().ctx)).rejects.toThrow(RenditionRefused);
    await expect(cinemaChannel.render(doc, localRenderContext().ctx)).rejects.toThrow('内置字体和生僻字补充字体都没有这些字，无法绘制：U+E000'); // a private-use character: named by its code
  }, 60_000);
});
