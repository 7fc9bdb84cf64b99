import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { audioChannel, LOUDNESS_TARGETS, resolveFfmpeg, type AudioPayload } from '@tongyuan/channels';
import { parseSync } from 'subtitle';
import { juxianInterpretation } from '../support/fixtures';
import { loudness, probe } from '../support/media';
import { localRenderContext } from '../support/render-context';

/**
 * The audio programme of the Juxian interpretation, made once with the npm-installed voice and
 * looked at with other eyes: ffprobe (a separate build) for the formats and lengths, ffmpeg's
 * EBU R128 meter run here for loudness and true peak, silencedetect and the meter on the spoken
 * part for speech. What the payload says it measured must be what is in the files.
 */
describe('audio channel', () => {
  const doc = juxianInterpretation();
  doc.channels = ['audio'];
  // 政在开讲's own opening ident, uploaded to the brand column: two seconds of a 440 Hz tone as MP3; the close is the generated chime.
  const OPENING = { url: '/uploads/zzkj-opening.mp3', mime: 'audio/mpeg', width: null, height: null, alt: '' };
  doc.brandColumn = { code: 'zzkj', name: '政在开讲', openingIdent: OPENING };
  let payload: AudioPayload;
  let files: Map<string, string>;

  beforeAll(async () => {
    const opening = spawnSync(resolveFfmpeg().path, ['-hide_banner', '-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', '-c:a', 'libmp3lame', '-b:a', '128k', '-f', 'mp3', 'pipe:1'], { maxBuffer: 1 << 24 }).stdout;
    const local = localRenderContext({ uploads: { [OPENING.url]: opening } });
    payload = (await audioChannel.render(doc, local.ctx)).payload;
    files = local.files;
  }, 60_000);

  const sumOfParts = () => payload.parts.reduce((sum, p) => sum + p.seconds, 0);

  it('makes an MP3 for phones and podcasts and a 48 kHz broadcast WAV, each as long as its parts', () => {
    const mp3 = probe(files.get(`${doc.slug}.mp3`)!);
    const wav = probe(files.get(`${doc.slug}.wav`)!);
    expect(mp3.audio).toMatchObject({ codec_name: 'mp3', sample_rate: '44100', channels: 1 });
    expect(wav.audio).toMatchObject({ codec_name: 'pcm_s24le', sample_rate: '48000', channels: 2 });
    expect(payload.parts.map((p) => p.label)).toEqual(['片头', '配音', '片尾']);
    expect(Math.abs(payload.parts[0].seconds - 2)).toBeLessThanOrEqual(0.06); // the brand column's upload
    expect(payload.parts[2].seconds).toBeCloseTo(1.42, 2); // the generated chime: no closing ident uploaded
    for (const info of [mp3, wav]) expect(Math.abs(info.duration - sumOfParts())).toBeLessThanOrEqual(0.1);
    expect(Math.abs(payload.seconds - sumOfParts())).toBeLessThanOrEqual(0.1);
  });

  it('is −19 LUFS mono (AES TD1004\'s −16 stereo; true peak ≤ −1 dBTP) as MP3 and −24 LKFS (≤ −2 dBTP, GY/T 282-2014) as WAV, and says what it measured', () => {
    expect(LOUDNESS_TARGETS).toMatchObject({ mp3: { integrated: -19, truePeakMax: -1 }, wav: { integrated: -24, truePeakMax: -2 } });
    for (const kind of ['mp3', 'wav'] as const) {
      const measured = loudness(files.get(`${doc.slug}.${kind}`)!);
      const target = LOUDNESS_TARGETS[kind];
      expect(Math.abs(measured.integrated - target.integrated)).toBeLessThanOrEqual(1);
      expect(measured.truePeak).toBeLessThanOrEqual(target.truePeakMax);
      expect(payload.outputs[kind]).toMatchObject({ target: target.integrated, truePeakMax: target.truePeakMax });
      expect(Math.abs(payload.outputs[kind].integrated! - measured.integrated)).toBeLessThanOrEqual(0.2);
      expect(Math.abs(payload.outputs[kind].truePeak! - measured.truePeak)).toBeLessThanOrEqual(0.2);
    }
  });

  it('speaks between the idents: no long silence, and the spoken part is loud', () => {
    const mp3 = files.get(`${doc.slug}.mp3`)!;
    const ffmpeg = resolveFfmpeg().path;
    const silences = spawnSync(ffmpeg, ['-hide_banner', '-nostats', '-i', mp3, '-af', 'silencedetect=n=-45dB:d=1.5', '-f', 'null', '-'], { encoding: 'utf8' }).stderr;
    expect(silences).not.toContain('silence_start');
    const [, voice] = payload.parts;
    const spoken = spawnSync(ffmpeg, ['-hide_banner', '-nostats', '-ss', String(payload.parts[0].seconds + 1), '-t', String(voice.seconds - 2), '-i', mp3, '-af', 'ebur128', '-f', 'null', '-'], { encoding: 'utf8' }).stderr;
    expect(Number(/I:\s+(-?[\d.]+) LUFS/.exec(spoken.slice(spoken.lastIndexOf('Summary:')))?.[1])).toBeGreaterThan(LOUDNESS_TARGETS.mp3.integrated - 1.5);
    expect(payload.narration).toMatchObject({ present: true, engine: expect.stringContaining('espeak-ng') });
  });

  it('has a transcript of every sentence in order, timed inside the spoken part (WebVTT for podcast apps)', () => {
    const cues = parseSync(readFileSync(files.get(`${doc.slug}.vtt`)!, 'utf8')).filter((n) => n.type === 'cue').map((n) => n.data as { start: number; end: number; text: string });
    const text = cues.map((c) => c.text).join('');
    for (const needle of ['2027年度城乡居民医保开始缴费', '要点一：缴多少。个人缴费标准为每人每年400元', '问：困难群众怎么缴？', '咨询电话：0633-6221234。']) expect(text).toContain(needle);
    expect(text.indexOf('要点二')).toBeGreaterThan(text.indexOf('要点一'));
    expect(cues[0].start / 1000).toBeGreaterThanOrEqual(payload.parts[0].seconds);
    expect(cues[cues.length - 1].end / 1000).toBeLessThanOrEqual(payload.parts[0].seconds + payload.parts[1].seconds + 0.01);
    expect(payload.transcript.map((c) => c.text).join('')).toBe(text);
  });

  it('keeps a long interpretation within ten minutes: a long block cut at a sentence, later ones left out, each said in preflight and on air', async () => {
    const long = juxianInterpretation(); // what a radio slot cannot hold: a 5,000-character key point, then twenty answers of 300 characters
    long.channels = ['audio'];
    long.keyPoints = [{ heading: '超长要点', text: '政策说明文字。'.repeat(700) }, ...long.keyPoints];
    long.qa = Array.from({ length: 20 }, (_, i) => ({ question: `第${i + 1}问？`, answer: '这是一段比较长的回答。'.repeat(30) }));
    const findings = await audioChannel.preflight(long, localRenderContext().ctx);
    expect(findings.filter((f) => f.level === 'error')).toEqual([]);
    expect(findings).toContainEqual(expect.objectContaining({ level: 'warning', field: 'keyPoints[0]', message: expect.stringMatching(/^要点一超过 400 字，音频节目只播到“政策说明文字。”为止/) }));
    const leftOut = findings.find((f) => f.message.startsWith('音频节目限 10 分钟：'))!;
    expect(leftOut.message).toMatch(/^音频节目限 10 分钟：问答[一二三四五六七八九十]、.*问答20不播出，节目结尾提示详见门户网站$/);
    const [item] = await audioChannel.sketch!(long, localRenderContext().ctx);
    const html = (item as { html: string }).html;
    expect(html).toContain('更多内容请查看门户网站。'); // after the cut block, and before the hotline
    const minutes = /约 (?:(\d+) 分 )?(\d+) 秒/.exec(html)!;
    expect(Number(minutes[1] ?? 0) * 60 + Number(minutes[2])).toBeLessThanOrEqual(600 + 10);
  });

  it('refuses an ident that is not audio in preflight, naming the brand column\'s field', async () => {
    const wrong = juxianInterpretation();
    wrong.channels = ['audio'];
    wrong.brandColumn = { code: 'zzkj', name: '政在开讲', closingIdent: { ...OPENING, url: '/uploads/logo.png', mime: 'image/png' } };
    expect(await audioChannel.preflight(wrong, localRenderContext().ctx)).toContainEqual({
      level: 'error', field: 'brandColumn.closingIdent', message: '品牌栏目的片尾音频不是音频文件（image/png）：请在品牌栏目中重新上传 MP3、WAV 或 M4A',
    });
  });

  it('shows the author the running order of a draft: idents, every sentence under its section, at the voice\'s pace', async () => {
    const [item] = await audioChannel.sketch!(doc, localRenderContext().ctx);
    expect(item).toMatchObject({ channel: 'audio', kind: 'html' });
    const html = (item as { html: string }).html;
    for (const part of ['片头', '标题', '要点一', '要点二', '问答一', '咨询电话', '片尾']) expect(html).toContain(`<strong>${part}</strong>`);
    expect(html).toContain('个人缴费标准为每人每年400元');
  });
});
