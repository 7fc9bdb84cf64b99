import { performance } from 'node:perf_hooks';
import { channelFor, RenditionRefused, type ChannelCode, type Interpretation } from '@tongyuan/channels';
import { juxianInterpretation } from '../support/fixtures';
import { localRenderContext } from '../support/render-context';

/**
 * 发布前检查 is computed by the channels' own preparation (the step render runs before it writes,
 * fetches or encodes anything): every refusal a render throws is an error finding of that
 * channel's preflight with the same message, on WeChat, Weibo and the kiosk as on the videos.
 */
const ALL: ChannelCode[] = ['wechat', 'weibo', 'kiosk', 'cinema', 'short-video'];

const everywhere = (changes: Partial<Interpretation>): Interpretation => ({
  ...juxianInterpretation(), channels: ALL, kioskTerminals: [{ code: 'jx-hall', name: '莒县政务服务大厅', orientation: 'portrait', staleAfterHours: null }],
  ...changes,
});

/** Render (stops before encoding when it refuses) and preflight, with the same context. */
async function renderAndPreflight(code: ChannelCode, doc: Interpretation, publicUrl?: string) {
  const local = localRenderContext();
  if (publicUrl) local.ctx.publicUrl = publicUrl;
  const channel = channelFor(code)!;
  const findings = await channel.preflight(doc, local.ctx);
  const refusal = await channel.render(doc, local.ctx).then(() => null, (error: unknown) => {
    if (error instanceof RenditionRefused) return error;
    throw error;
  });
  return { findings, refusal, written: [...local.files.keys()] };
}

it('names, on every drawing channel, the character a render would refuse, in the render\'s words', async () => {
  // A private-use character: no font has it, nothing can stand in for it.
  const doc = everywhere({ title: '2027年度城乡居民医保\u{E000}开始缴费' });
  for (const code of ALL) {
    const { findings, refusal, written } = await renderAndPreflight(code, doc);
    expect({ code, refused: refusal !== null }).toEqual({ code, refused: true });
    expect({ code, written }).toEqual({ code, written: [] }); // refused before writing anything
    expect({ code, findings }).toEqual({ code, findings: expect.arrayContaining([expect.objectContaining({ level: 'error', message: refusal!.message })]) });
  }
}, 60_000);

it('predicts Weibo\'s refusal of a link that leaves no room for the lead, and a WeChat cover too large by its recorded size', async () => {
  const longUrl = `https://${'zhengwu'.repeat(16)}.example.gov.cn`;
  const weibo = await renderAndPreflight('weibo', everywhere({}), longUrl);
  expect(weibo.refusal?.message).toMatch(/导语放不下：请缩短站点地址/);
  expect(weibo.findings).toContainEqual(expect.objectContaining({ level: 'error', field: 'sites', message: weibo.refusal!.message }));

  const cover = { url: '/uploads/scan.tif', mime: 'image/jpeg', width: 12_000, height: 9_000, alt: '' };
  const wechat = await renderAndPreflight('wechat', everywhere({ cover }));
  expect(wechat.refusal?.message).toContain('超过 40 百万像素的上限');
  expect(wechat.findings).toEqual([expect.objectContaining({ level: 'error', field: 'cover', message: wechat.refusal!.message })]);
}, 60_000);

it('has no error for a document every channel renders, and says what will be shortened', async () => {
  const doc = everywhere({ title: `${'城乡居民医保'.repeat(12)}缴费指南`, keyPoints: juxianInterpretation().keyPoints, qa: [] });
  for (const code of ['wechat', 'weibo', 'kiosk'] as const) {
    const { findings, refusal } = await renderAndPreflight(code, doc);
    expect({ code, refusal }).toEqual({ code, refusal: null });
    expect({ code, errors: findings.filter((f) => f.level === 'error') }).toEqual({ code, errors: [] });
  }
  const wechat = await channelFor('wechat')!.preflight(doc, localRenderContext().ctx);
  expect(wechat).toContainEqual(expect.objectContaining({ level: 'warning', field: 'title', message: expect.stringContaining('超过 64 字：将截短为') }));
}, 60_000);

it('stays quick enough for the CMS panel: a long draft on every channel, laid out, nothing drawn', async () => {
  const doc = everywhere({ keyPoints: Array.from({ length: 8 }, (_, i) => ({ heading: `要点${i}`, text: '个人缴费标准为每人每年400元，财政补助同步提高。'.repeat(20) })) });
  const ctx = localRenderContext().ctx;
  const times: string[] = [];
  for (const round of ['first', 'again']) {
    for (const code of ALL) {
      const started = performance.now();
      const findings = await channelFor(code)!.preflight(doc, ctx);
      expect({ code, errors: findings.filter((f) => f.level === 'error') }).toEqual({ code, errors: [] });
      times.push(`${round} ${code} ${Math.round(performance.now() - started)} ms`);
    }
  }
  // Printed, not asserted: speed claims belong to bench/ (the panel asks every 5 s).
  console.log(`preflight of a long draft: ${times.join(', ')}`);
}, 60_000);
