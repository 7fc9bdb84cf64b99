import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { LOUDNESS_TARGETS, planProgramme, plainLine, safeArea, slateSvg, tickerFile, tickerLine, TITLE_SAFE, ACTION_SAFE, TV_FORMATS, tvChannel, type BuiltFile, type FollowUpDeps, type Interpretation, type TvPayload } from '@tongyuan/channels';
import fc from 'fast-check';
import sharp from 'sharp';
import { juxianInterpretation } from '../support/fixtures';
import { brightPixels, decodeErrors, grabFrame, loudness, probe } from '../support/media';
import { readerRecording } from '../support/reader-recording';
import { localRenderContext } from '../support/render-context';

const FULL = { left: 0, top: 0, right: 1920, bottom: 1080 };
/** Text-coloured pixels of a frame outside a rectangle: the four bands around it. */
const outside = (frame: { data: Buffer; width: number }, box: typeof FULL) =>
  brightPixels(frame, { ...FULL, bottom: box.top }) + brightPixels(frame, { ...FULL, top: box.bottom })
  + brightPixels(frame, { ...FULL, right: box.left, top: box.top, bottom: box.bottom }) + brightPixels(frame, { ...FULL, left: box.right, top: box.top, bottom: box.bottom });

const stations = [
  { code: 'juxian-tv', name: '莒县融媒体中心', format: 'h264-1080i25-tff', tickerMaxChars: 20 },
  { code: 'huitong-tv', name: '会同县融媒体中心', format: 'h264-1080p25', tickerMaxChars: 60 },
];
const tvDoc = (): Interpretation => ({ ...juxianInterpretation(), channels: ['tv'], tvStations: stations });

describe('TV ticker (滚动字幕)', () => {
  it('keeps a line within the station limit, the hotline whole, and says what was cut', () => {
    const short = tickerLine(tvDoc(), 60);
    expect(short).toMatchObject({ text: '2027年度城乡居民医保开始缴费（咨询电话0633-6221234）', shortened: false });
    const cut = tickerLine(tvDoc(), 26);
    expect([...cut.text].length).toBeLessThanOrEqual(26);
    expect(cut.shortened).toBe(true);
    expect(cut.text).toMatch(/…（咨询电话0633-6221234）$/);
    expect(cut.full).toBe(short.text);
  });

  it('is one plain line: no markup, line breaks, controls or emoji, for any title', () => {
    const hostile = tickerLine({ title: '<b>📢医保</b>\n**缴费**\u202E通知\u0007 <a href="x">点此</a> 收入<5万元', department: null }, 40);
    expect(hostile.text).toBe('医保 缴费通知 点此 收入<5万元（咨询电话12345）');
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.integer({ min: 10, max: 80 }), (title, max) => {
      const line = tickerLine({ title, department: { code: 'd', name: '部门', hotline: '12345' } }, max);
      expect([...line.text].length).toBeLessThanOrEqual(max);
      // eslint-disable-next-line no-control-regex -- control characters are what this looks for
      expect(line.text).not.toMatch(/[\n\r\t\u0000-\u001f\u007f\u202a-\u202e]|<\/?[a-z][^>]*>|\p{Extended_Pictographic}/iu);
      expect(plainLine(line.text)).toBe(line.text);
    }), { numRuns: 300, seed: 20261204 });
    // Found by an unseeded run: markup made by normalizing (U+1FEF is "`") or by dropping an invisible character between its halves.
    expect(['\u1FEF', '*\u200B*医保', '<\u200Bb>医保', '\uFF1Cb\uFF1E'].map(plainLine)).toEqual(['', '医保', '医保', '＜b＞']);
    expect(tickerFile(['一', '二\n三'])).toBe('一\n二 三\n');
  });
});

describe('TV slate', () => {
  it('names 节目名称, 时长, 送播单位, 日期, 版本 and counts down, all within title-safe', async () => {
    const format = TV_FORMATS['h264-1080i25-tff'];
    const svg = slateSvg(format, { title: '2027年度城乡居民医保开始缴费', seconds: 65, sender: '莒县医疗保障局', date: '2026年11月23日', version: 'ab12cd34', station: '莒县融媒体中心' }, 3);
    const png = new Resvg(svg, { font: { loadSystemFonts: false } }).render().asPng();
    const file = path.join(os.tmpdir(), 'tongyuan-tv-slate.png');
    writeFileSync(file, png); // looked at: rows on the left, the countdown's 3 in its ring on the right
    const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const frame = { data, width: info.width };
    expect(brightPixels(frame, FULL)).toBeGreaterThan(20_000);
    expect(outside(frame, safeArea(format, TITLE_SAFE))).toBe(0);
    expect(safeArea(format, TITLE_SAFE)).toEqual({ left: 96, top: 54, right: 1824, bottom: 1026 });
    expect(safeArea(format, ACTION_SAFE)).toEqual({ left: 68, top: 38, right: 1852, bottom: 1042 });
  });
});

describe('TV clip', () => {
  const local = localRenderContext();
  let result: Awaited<ReturnType<typeof tvChannel.render>>;
  beforeAll(async () => {
    result = await tvChannel.render(tvDoc(), local.ctx);
  }, 180_000);
  const fileOf = (station: string) => local.files.get(result.payload.stations.find((s) => s.code === station)!.clip)!;

  it('is coded as each station asks: 1080i25 top field first, or 1080p25; H.264 in MP4, AAC 48 kHz', () => {
    const interlaced = probe(fileOf('juxian-tv'));
    expect(interlaced.video).toMatchObject({ codec_name: 'h264', width: 1920, height: 1080, r_frame_rate: '25/1', field_order: 'tt', display_aspect_ratio: '16:9' });
    expect(interlaced.audio).toMatchObject({ codec_name: 'aac', sample_rate: '48000', channels: 2 });
    const progressive = probe(fileOf('huitong-tv'));
    expect(progressive.video).toMatchObject({ codec_name: 'h264', width: 1920, height: 1080, r_frame_rate: '25/1' });
    expect(['progressive', undefined]).toContain(progressive.video!.field_order);
    for (const file of [fileOf('juxian-tv'), fileOf('huitong-tv')]) expect(Math.abs(probe(file).duration - result.payload.clipSeconds)).toBeLessThan(0.1);
    expect(decodeErrors(fileOf('juxian-tv'))).toBe(''); // interlaced stills and their repeat frames splice cleanly
    expect(result.payload.clipSeconds).toBeCloseTo(result.payload.seconds + 5, 1);
  });

  it('levels the sound to −24 LKFS (GY/T 282) within 1 LU, true peak at most −2 dBTP', () => {
    expect(result.payload.narration.present).toBe(true);
    for (const file of [fileOf('juxian-tv'), fileOf('huitong-tv')]) {
      const { integrated, truePeak } = loudness(file);
      expect(Math.abs(integrated - LOUDNESS_TARGETS.tv.integrated)).toBeLessThanOrEqual(1);
      expect(truePeak).toBeLessThanOrEqual(LOUDNESS_TARGETS.tv.truePeakMax);
    }
  });

  it('speaks in the interpretation\'s 人声配音 where it has one (as the cinema segment), levelled to −24 LKFS under −2 dBTP', async () => {
    const RECORDING = { url: '/uploads/reader.wav', mime: 'audio/wav', width: null, height: null, alt: '' };
    const doc = { ...tvDoc(), tvStations: [stations[1]], narrationRecording: RECORDING };
    // The reader (test/support/reader-recording.ts) is twice as slow as the engine and an octave down.
    const reader = await readerRecording(planProgramme(doc).plan.sections.flatMap((s) => s.sentences), local.cacheDir);
    const voiced = localRenderContext({ cacheDir: local.cacheDir, uploads: { [RECORDING.url]: reader.bytes } });
    const recorded = await tvChannel.render(doc, voiced.ctx);
    expect(recorded.payload.narration).toMatchObject({ present: true, engine: '人声配音' });
    expect(recorded.payload.seconds).toBeGreaterThan(result.payload.seconds + 10); // its cues last as long as the reader took
    const { integrated, truePeak } = loudness(voiced.files.get(recorded.payload.stations[0].clip)!);
    expect(Math.abs(integrated - LOUDNESS_TARGETS.tv.integrated)).toBeLessThanOrEqual(1);
    expect(truePeak).toBeLessThanOrEqual(LOUDNESS_TARGETS.tv.truePeakMax);
    // An upload that is no recording is refused in the clip's preflight, as the programme and the videos refuse it.
    const refused = await tvChannel.preflight(doc, { ...voiced.ctx, readMedia: async () => Buffer.from('不是录音') });
    expect(refused).toContainEqual(expect.objectContaining({ level: 'error', field: 'narrationRecording', message: expect.stringContaining('不是可以播放的音频文件') }));
  }, 180_000);

  it('opens with the slate counting down, then the cinema pictures, text inside title-safe', async () => {
    const file = fileOf('juxian-tv');
    const first = await grabFrame(file, 0.5, 'tv-slate-5');
    const last = await grabFrame(file, 4.5, 'tv-slate-1');
    const programme = await grabFrame(file, 6, 'tv-programme');
    expect(first.data.equals(last.data)).toBe(false); // the countdown moved
    const title = safeArea(TV_FORMATS['h264-1080i25-tff'], TITLE_SAFE);
    for (const frame of [first, last, programme]) expect(outside(frame, title)).toBeLessThan(50); // coding noise only
    expect(brightPixels(programme, FULL)).toBeGreaterThan(5_000);
    expect(result.payload.stations.find((s) => s.code === 'juxian-tv')!.ticker).toMatchObject({ shortened: true, max: 20 });
  });
});

describe('TV delivery package (送播包)', () => {
  const built = new Map<string, BuiltFile>();
  const texts = new Map<string, string>();
  let today = '2026-12-03';
  let live: Array<{ documentId: string; title: string; validTo: string | null }> = [];
  const rendition = (d: (typeof live)[number], i: number) => ({
    documentId: d.documentId, channel: 'tv', hash: `h${d.documentId}`, title: d.title, publishedAt: `2026-12-0${i + 1}T00:00:00Z`, updatedAt: '',
    artifacts: [{ name: `${d.documentId}.mp4`, mime: 'video/mp4', size: 1, sha256: d.documentId.padEnd(64, '0') }],
    payload: { validTo: d.validTo, clipSeconds: 40, version: 'v1', department: null, narration: { engine: null, present: true }, stations: [{ code: 'juxian-tv', name: '莒县融媒体中心', format: 'h264-1080i25-tff', clip: `${d.documentId}.mp4`, ticker: tickerLine({ title: d.title, department: null }, 30) }] } as unknown as TvPayload,
  });
  const deps = {
    logger: { info: () => undefined, warn: () => undefined }, today: () => today,
    live: async () => live.map(rendition),
    rendersInFlight: async () => 0,
    inForce: async (_id: string, validTo: string | null, day: string) => validTo === null || validTo >= day,
    builtFiles: {
      list: async () => [...built.values()], save: async (b: BuiltFile) => void built.set(b.key, b),
      removeExcept: async (keys: string[]) => [...built.keys()].filter((k) => !keys.includes(k) && built.delete(k)).length,
      store: async (name: string, mime: string, data: Buffer) => (texts.set(name, data.toString('utf8')), { name, mime, size: data.length, sha256: name }),
    },
  } as unknown as FollowUpDeps<TvPayload>;
  const ticker = () => texts.get([...built.values()][0].file.name);
  const afterLive = () => tvChannel.afterLive!(deps, 'test');

  it('holds the day\'s clips and one ticker line each, newest first; what expired or left is gone', async () => {
    live = [{ documentId: 'a', title: '医保缴费', validTo: null }, { documentId: 'b', title: '耕地补贴', validTo: '2026-12-03' }];
    await afterLive();
    expect(ticker()).toBe('耕地补贴（咨询电话12345）\n医保缴费（咨询电话12345）\n');
    expect(await afterLive()).toMatchObject({ built: 0, unchanged: 1 }); // nothing changed: left alone
    today = '2026-12-04'; // 耕地补贴's basis ended yesterday
    await afterLive();
    expect(ticker()).toBe('医保缴费（咨询电话12345）\n');
    live = []; // withdrawn
    await afterLive();
    expect([...built.values()].map((b) => (b.body as { clips: unknown[] }).clips)).toEqual([[]]); // the station's page stays, empty
    expect(ticker()).toBe('');
    today = '2026-12-11';
    await afterLive();
    expect(built.size).toBe(0); // a week without items: gone
  });
});
