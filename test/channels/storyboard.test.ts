import sharp from 'sharp';
import { channelFor, RenditionRefused, type ChannelCode, type PreviewItem } from '@tongyuan/channels';
import { juxianInterpretation } from '../support/fixtures';
import { localRenderContext } from '../support/render-context';

/**
 * A video channel's preview is a storyboard of the draft's video, sketched from the same plan and
 * timeline as its render without speech or encoding: every page a frame (slides with their first
 * subtitle burned in), its subtitles and what the narration says, timed within the channel's limits.
 */
type Storyboard = Extract<PreviewItem, { kind: 'storyboard' }>;
const sketch = async (code: ChannelCode, changes = {}) => {
  const items = await channelFor(code)!.sketch!({ ...juxianInterpretation(), ...changes }, localRenderContext().ctx);
  expect(items).toHaveLength(1);
  return items[0] as Storyboard;
};

it.each([['cinema', 1920, 1080, 30, 90], ['short-video', 1080, 1920, 15, 60]] as const)(
  'sketches the %s video: title card first, key points with subtitles, end card with the hotline, within its length',
  async (code, width, height, min, max) => {
    const started = Date.now();
    const board = await sketch(code);
    expect(Date.now() - started).toBeLessThan(10_000); // a preview, not a render
    expect(board).toMatchObject({ key: `${code}-storyboard`, channel: code, kind: 'storyboard', width, height });
    expect(board.seconds).toBeGreaterThanOrEqual(min);
    expect(board.seconds).toBeLessThanOrEqual(max);
    const [title, ...rest] = board.frames;
    expect(title.narration).toContain('2027年度城乡居民医保开始缴费');
    expect(title.burnedIn).toBe(false); // a card's words are on it; its cues are in the subtitle files only
    const points = rest.filter((f) => f.burnedIn);
    expect(points.map((f) => f.narration).join('')).toContain('个人缴费标准为每人每年400元');
    for (const frame of points) expect(frame.subtitles.flat().join('')).toBe(frame.narration);
    expect(board.frames.at(-1)!.narration).toContain('咨询电话：0633-6221234');
    // Back to back from 0 to the end (times in tenths of a second).
    expect(title.from).toBe(0);
    board.frames.slice(1).forEach((f, i) => expect(Math.abs(f.from - (board.frames[i].from + board.frames[i].seconds))).toBeLessThanOrEqual(0.11));
    const png = await sharp(Buffer.from(title.dataUrl.split(',')[1], 'base64')).metadata();
    expect(png).toMatchObject({ format: 'png', width: 480, height: Math.round((480 * height) / width) });
  }, 30_000);

it('refuses a draft the render would refuse, in the render\'s words', async () => {
  const doc = { ...juxianInterpretation(), title: '2027年度城乡居民医保\u{E000}开始缴费' };
  const { ctx } = localRenderContext();
  const findings = await channelFor('cinema')!.preflight(doc, ctx);
  const refusal = await channelFor('cinema')!.sketch!(doc, ctx).then(() => null, (error: unknown) => error);
  expect(refusal).toBeInstanceOf(RenditionRefused);
  expect(findings).toContainEqual(expect.objectContaining({ level: 'error', message: (refusal as Error).message }));
});
