import { readFileSync } from 'node:fs';
import { cinemaChannel, drawnFieldsOf, drawnTextFindings, kioskChannel, shortVideoChannel, wechatChannel, weiboChannel, type Interpretation } from '@tongyuan/channels';
import sharp from 'sharp';
import { juxianInterpretation } from '../support/fixtures';
import { grabFrame } from '../support/media';
import { localRenderContext } from '../support/render-context';

/**
 * Issue 16: one ZWJ emoji failed five channels ("无法绘制：‍"), and a 生僻字 in a name made them
 * refuse. Drawn text now leaves out what carries no meaning (emoji, flags, keycap frames, bidi
 * controls) and draws rare characters with the fallback font. 𤭢 (U+24B62) and 𡋀 (U+212C0) are
 * Extension B characters Source Han Sans SC lacks; the same document without them is the control:
 * had they been dropped, the pictures would be the same.
 */
const RARE = ['𤭢', '𡋀'];
const FAMILY = '👨‍👩‍👧‍👦';

function withRareName(): Interpretation {
  const doc = juxianInterpretation();
  return {
    ...doc,
    documentId: 'rare1', slug: 'jx-rare-name',
    title: `王${RARE[0]}${FAMILY}一家住在${RARE[1]}村🇨🇳：\u202E医保\u202C缴费第1️⃣步`,
    keyPoints: [{ heading: `\u2067${RARE[1]}村\u2069缴费点${FAMILY}`, text: `请到${RARE[1]}村村委会（王${RARE[0]}）缴费\u200D，👍🏽 #️⃣ 号窗口。` }, ...doc.keyPoints],
    channels: ['wechat', 'weibo', 'kiosk', 'cinema', 'short-video'],
    kioskTerminals: [{ code: 'jx-service-hall', name: '服务大厅', orientation: 'portrait', staleAfterHours: null }],
  };
}
const withoutRare = (doc: Interpretation): Interpretation => JSON.parse(JSON.stringify(doc).replaceAll(RARE[0], '').replaceAll(RARE[1], ''));

async function differingPixels(a: Buffer, b: Buffer) {
  const [x, y] = await Promise.all([a, b].map((png) => sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true })));
  if (x.info.width !== y.info.width || x.info.height !== y.info.height) return Number.POSITIVE_INFINITY;
  let count = 0;
  for (let i = 0; i < x.data.length; i += 3) if (Math.abs(x.data[i] - y.data[i]) + Math.abs(x.data[i + 1] - y.data[i + 1]) + Math.abs(x.data[i + 2] - y.data[i + 2]) > 60) count += 1;
  return count;
}

describe('emoji sequences, flags, keycaps, bidi controls and 生僻字 in drawn text', () => {
  const doc = withRareName();

  it('preflight says in plain Chinese what is left out, names no invisible character, and has no error', () => {
    const findings = drawnTextFindings(drawnFieldsOf(doc), '视频');
    expect(findings.filter((f) => f.level === 'error')).toEqual([]);
    const messages = findings.filter((f) => f.level === 'warning').map((f) => f.message);
    expect(messages).toEqual(expect.arrayContaining(['表情符号不会出现在视频里', '旗帜符号不会出现在视频里', '带方框的数字符号在视频里只显示其中的数字', '不可见的控制字符（零宽字符、文字方向控制符等）已去掉']));
    for (const message of messages) expect(message).not.toMatch(/\u200D|\u202E|\u202C|\u2067|\u2069|\u20E3|\uFE0F/u);
    expect(findings).toContainEqual(expect.objectContaining({ level: 'info', field: 'title', message: expect.stringContaining(RARE[0]) }));
  });

  it('WeChat, Weibo and the kiosk render, and the 一图读懂 and covers carry the rare characters', async () => {
    const local = localRenderContext();
    const plain = localRenderContext();
    for (const channel of [wechatChannel, weiboChannel, kioskChannel]) {
      await expect(channel.render(doc, local.ctx)).resolves.toBeDefined();
      await channel.render(withoutRare(doc), plain.ctx);
    }
    const explainer = local.files.has('explainer-1.png') ? 'explainer-1.png' : 'explainer-1.jpg';
    // WeChat's cover and 一图读懂 (PNG, or JPEG when over the platform's size), Weibo's panel, the kiosk's carousel slide.
    for (const name of ['cover.png', explainer, 'panel-1.png', 'slide-1.png']) {
      expect(local.files.has(name)).toBe(true);
      // The title line with 王𤭢 differs from the same line without it: the character is drawn, not dropped.
      expect(await differingPixels(readFileSync(local.files.get(name)!), readFileSync(plain.files.get(name)!))).toBeGreaterThan(200);
    }
    const item = readFileSync(local.files.get('item.html')!, 'utf8');
    expect(item).toContain(`王${RARE[0]}`);
  }, 180_000);

  it('the cinema reel and the short video render, and their title frames show the rare name', async () => {
    const reel = localRenderContext();
    await expect(cinemaChannel.render(doc, reel.ctx)).resolves.toBeDefined();
    const short = localRenderContext();
    await expect(shortVideoChannel.render(doc, short.ctx)).resolves.toBeDefined();
    const shortPlain = localRenderContext();
    await shortVideoChannel.render(withoutRare(doc), shortPlain.ctx);

    const opening = await grabFrame(short.files.get(`${doc.slug}.mp4`)!, 0.5, 'rare-short-video');
    const openingPlain = await grabFrame(shortPlain.files.get(`${doc.slug}.mp4`)!, 0.5, 'rare-short-video-plain');
    expect(await differingPixels(readFileSync(opening.png), readFileSync(openingPlain.png))).toBeGreaterThan(500);
    const title = await grabFrame(reel.files.get(`${doc.slug}.mp4`)!, 0.5, 'rare-cinema');
    // Kept for a person to look at (the test prints where): 王𤭢 and 𡋀村 on the title card.
    console.log(`title frames: ${title.png} ${opening.png}`);
  }, 600_000);
});
