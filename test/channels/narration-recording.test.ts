import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { alignSentences, audioChannel, cinemaChannel, LOUDNESS_TARGETS, planProgramme, recordingTrack, resolveFfmpeg, speechSpans, type AudioPayload } from '@tongyuan/channels';
import { parseSync } from 'subtitle';
import { juxianInterpretation } from '../support/fixtures';
import { loudness } from '../support/media';
import { readerRecording } from '../support/reader-recording';
import { localRenderContext } from '../support/render-context';

/**
 * 人声配音: a "reader" made of the npm voice saying each sentence of the programme's script slowly
 * and an octave down (every sample twice: twice as long as the engine), with pauses of known length
 * between sentences, at half volume over a noise floor, as a WAV upload. The audio programme and the
 * cinema segment must use it (lengths are the reader's, not the engine's), level it like synthetic
 * speech, and time their subtitles where the sentences really are. Bad uploads are refused in preflight.
 */
const RECORDING = { url: '/uploads/reader.wav', mime: 'audio/wav', width: null, height: null, alt: '' };

function shortDoc() {
  const doc = juxianInterpretation();
  doc.channels = ['audio'];
  doc.keyPoints = doc.keyPoints.slice(0, 1);
  doc.narrationRecording = RECORDING;
  return doc;
}

describe('human narration (人声配音)', () => {
  const doc = shortDoc();
  const { plan } = planProgramme(doc);
  const sentences = plan.sections.flatMap((s) => s.sentences);
  let payload: AudioPayload;
  let known: Array<{ start: number; end: number }>;
  let files: Map<string, string>;
  let cinema: Awaited<ReturnType<typeof cinemaChannel.render>>;
  let cinemaFiles: Map<string, string>;

  beforeAll(async () => {
    const local0 = localRenderContext();
    const reader = await readerRecording(sentences, local0.cacheDir);
    known = reader.known;
    const local = localRenderContext({ cacheDir: local0.cacheDir, uploads: { [RECORDING.url]: reader.bytes } });
    payload = (await audioChannel.render(doc, local.ctx)).payload;
    files = local.files;
    // The segment in its own output folder (its .vtt has the programme's name), the same media cache.
    const segment = localRenderContext({ cacheDir: local0.cacheDir, uploads: { [RECORDING.url]: reader.bytes } });
    cinema = await cinemaChannel.render(doc, segment.ctx);
    cinemaFiles = segment.files;
  }, 90_000);

  it('is the programme\'s voice: as long as the recording\'s speech, levelled to the MP3\'s target (loudness.ts)', () => {
    expect(payload.narration).toMatchObject({ present: true, engine: '人声配音' });
    // Trimmed to 0.4 s around the speech; the engine's own reading would have 0.25 s pauses, not 0.8 s.
    const recorded = known[known.length - 1].end - known[0].start + 0.8;
    expect(Math.abs(payload.parts[1].seconds - recorded)).toBeLessThanOrEqual(0.1);
    const measured = loudness(files.get(`${doc.slug}.mp3`)!);
    expect(Math.abs(measured.integrated - LOUDNESS_TARGETS.mp3.integrated)).toBeLessThanOrEqual(1);
  });

  it('times every sentence of the transcript where the reader said it (±0.3 s), in the WebVTT too', () => {
    const shift = payload.parts[0].seconds + 0.4 - known[0].start;
    expect(payload.transcript.map((c) => c.text)).toEqual(sentences);
    payload.transcript.forEach((cue, i) => {
      expect(Math.abs(cue.start - (known[i].start + shift))).toBeLessThanOrEqual(0.3);
      expect(Math.abs(cue.end - (known[i].end + shift))).toBeLessThanOrEqual(0.3);
    });
    const vtt = parseSync(readFileSync(files.get(`${doc.slug}.vtt`)!, 'utf8')).filter((n) => n.type === 'cue').map((n) => n.data as { start: number });
    vtt.forEach((cue, i) => expect(Math.abs(cue.start / 1000 - (known[i].start + shift))).toBeLessThanOrEqual(0.3));
  });

  it('is the cinema segment\'s voice: each subtitle lasts as long as the reader took for it, the basis page unvoiced', () => {
    expect(cinema.payload.narration).toMatchObject({ present: true, engine: '人声配音' });
    const cues = parseSync(readFileSync(cinemaFiles.get(`${doc.slug}.srt`)!, 'utf8')).filter((n) => n.type === 'cue').map((n) => n.data as { start: number; end: number; text: string });
    // The key point's sentence on its slide: the reader's time for it (twice the engine's) plus the 0.3 s pause, in 0.32 s frames' units.
    const point = sentences.findIndex((t) => t.startsWith('个人缴费标准'));
    const cue = cues.find((c) => c.text.replace(/\n/g, '').startsWith('个人缴费标准'))!;
    const read = known[point].end - known[point].start;
    expect(cue.end / 1000 - cue.start / 1000 - (read + 0.3)).toBeGreaterThanOrEqual(-0.05);
    expect(cue.end / 1000 - cue.start / 1000 - (read + 0.3)).toBeLessThanOrEqual(0.4);
    // The basis is not in the programme's script: its subtitle stays up, silent (no second voice), and preflight says so.
    const basis = cues.find((c) => c.text.replace(/\n/g, '').includes('关于做好2027年'))!;
    const loudest = spawnSync(resolveFfmpeg().path, ['-hide_banner', '-nostats', '-ss', String(basis.start / 1000 + 0.1), '-t', String((basis.end - basis.start) / 1000 - 0.2), '-i', cinemaFiles.get(`${doc.slug}.mp4`)!, '-vn', '-af', 'volumedetect', '-f', 'null', '-'], { encoding: 'utf8' }).stderr;
    expect(Number(/max_volume: (-?[\d.]+|-inf) dB/.exec(loudest)?.[1] ?? -Infinity)).toBeLessThan(-50);
  });

  it('says in the video\'s preflight which lines the recording lacks', async () => {
    const findings = await cinemaChannel.preflight(doc, { publicUrl: 'http://tongyuan.test', revisedOn: '2026-11-23' });
    expect(findings.find((f) => f.field === 'narrationRecording')).toMatchObject({ level: 'warning', message: expect.stringMatching(/不在人声配音的配音稿里.*关于做好2027年/u) });
  });
});

describe('sentences placed in a recording whose pauses are not one per sentence', () => {
  it('merges spans split at a comma pause and splits a span that holds two sentences, by characters', () => {
    // Sentence 1 (10 characters) read with a comma pause; sentences 2 and 3 (5 each) run together.
    const spans = speechSpans([{ start: 0, end: 0.5 }, { start: 2.0, end: 2.2 }, { start: 3.5, end: 4.5 }], 7.5);
    expect(spans).toEqual([{ start: 0.5, end: 2.0 }, { start: 2.2, end: 3.5 }, { start: 4.5, end: 7.5 }]);
    const timed = alignSentences(['一二三四五，六七八九。', '甲乙丙丁。', '子丑寅卯。'], spans);
    expect(timed.map((t) => [t.start, t.end])).toEqual([[0.5, 3.5], [4.5, 6], [6, 7.5]]);
    // One span per sentence: each sentence is its span.
    expect(alignSentences(['一。', '二。'], [{ start: 1, end: 2 }, { start: 3, end: 4 }]).map((t) => [t.start, t.end])).toEqual([[1, 2], [3, 4]]);
  });
});

describe('a long recording', () => {
  it('has every pause found: 60 sentences in 3 minutes over a room\'s noise 20 dB under the voice (the threshold follows the noise; the pauses come from a file, not ffmpeg\'s log tail)', async () => {
    const tone = "aevalsrc='0.3*sin(2*PI*180*t)*lt(mod(t,3),2.4)':s=16000:d=180";
    const noise = 'anoisesrc=a=0.03:c=pink:r=16000:d=180';
    const bytes = spawnSync(resolveFfmpeg().path, ['-v', 'error', '-f', 'lavfi', '-i', tone, '-f', 'lavfi', '-i', noise, '-filter_complex', 'amix=inputs=2', '-c:a', 'pcm_s16le', '-f', 'wav', 'pipe:1'], { maxBuffer: 1 << 26 }).stdout;
    const track = await recordingTrack(bytes, localRenderContext().cacheDir, 60_000);
    expect(track.spans).toHaveLength(60);
    expect(Math.abs(track.spans[59].start - track.spans[0].start - 59 * 3)).toBeLessThanOrEqual(0.05);
  });
});

describe('bad recordings refused in preflight, with what to fix', () => {
  const ffmpeg = resolveFfmpeg().path;
  /** A 220 Hz tone (−18 dBFS before the gain) as a mono 16-bit WAV. */
  const wav = (gainDb: number | 'mute', seconds: number, rate: number) => spawnSync(ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i',
    `sine=frequency=220:sample_rate=${rate}:duration=${seconds},volume=${gainDb === 'mute' ? 0 : `${gainDb}dB`}`, '-ac', '1', '-c:a', 'pcm_s16le', '-f', 'wav', 'pipe:1'], { maxBuffer: 1 << 26 }).stdout;
  const preflight = async (bytes: Buffer, mime = 'audio/wav') => {
    const doc = shortDoc();
    doc.narrationRecording = { ...RECORDING, mime };
    const ctx = { publicUrl: 'http://tongyuan.test', revisedOn: '2026-11-23', readMedia: async () => bytes };
    return (await audioChannel.preflight(doc, ctx)).filter((f) => f.field === 'narrationRecording' && f.level === 'error').map((f) => f.message);
  };

  it.each([
    ['a picture', () => readFileSync(require.resolve('wavefile/package.json')), 'image/png', '不是可以播放的音频文件'],
    ['text named .mp3', () => Buffer.from('这不是录音'), 'audio/mpeg', '不是可以播放的音频文件'],
    ['11 minutes', () => wav(8, 660, 16_000), 'audio/wav', '超过音频节目的上限 600 秒'],
    ['silence', () => wav('mute', 20, 44_100), 'audio/wav', '几乎没有声音'],
    ['clipped', () => wav(30, 20, 44_100), 'audio/wav', '削波失真'],
    ['8 kHz', () => wav(8, 20, 8_000), 'audio/wav', '采样率只有 8000 Hz'],
    ['3 seconds for a 25-second script', () => wav(8, 3, 44_100), 'audio/wav', '请完整朗读配音稿'],
  ])('%s', async (_kind, make, mime, says) => {
    const messages = await preflight(make(), mime);
    expect(messages.join('\n')).toContain(says);
  });

  it('a recording deleted from the media library', async () => {
    const doc = shortDoc();
    const ctx = { publicUrl: 'http://tongyuan.test', revisedOn: '2026-11-23', readMedia: localRenderContext().ctx.readMedia };
    expect((await audioChannel.preflight(doc, ctx)).find((f) => f.field === 'narrationRecording')).toMatchObject({ level: 'error', message: expect.stringContaining('已不在媒体库中') });
  });

  it('a good recording has no finding', async () => {
    expect(await preflight(wav(8, 20, 44_100))).toEqual([]);
  });
});
