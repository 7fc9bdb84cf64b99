import { readFileSync } from 'node:fs';
import path from 'node:path';
import { COVER_SIZES, forScreen, kioskChannel, missingGlyphs, renderCover, WECHAT_LIMITS, wechatChannel, WEIBO_LIMITS, weiboChannel } from '@tongyuan/channels';
import sharp from 'sharp';
import { REPO } from '../support/cms';
import { hostileInterpretation, juxianInterpretation } from '../support/fixtures';
import { localRenderContext } from '../support/render-context';

const XSS_BODY = [
  '<script>alert(1)</script>正文第一段。',
  '<img src="https://evil.example/x.png" onerror="alert(1)">',
  '<p style="background:url(javascript:alert(1));color:red" onclick="alert(1)">样式注入</p>',
  '<iframe src="https://evil.example"></iframe><style>body{display:none}</style>',
  '[外链](javascript:alert(1)) 与 [门户](https://www.juxian.gov.cn/)',
].join('\n\n');
const chars = (text: string) => [...text].length;

describe('wechat channel', () => {
  it('packages an article within the platform limits, inline styles only, nothing outside the allow-list', async () => {
    const local = localRenderContext();
    const doc = { ...hostileInterpretation(), title: `${'城乡居民医保'.repeat(12)}缴费指南`, digest: '摘要'.repeat(80), body: XSS_BODY };
    const result = await wechatChannel.render(doc, local.ctx);
    const pkg = JSON.parse(readFileSync(local.files.get('wechat.json')!, 'utf8'));
    expect(chars(pkg.title)).toBeLessThanOrEqual(WECHAT_LIMITS.title);
    expect(chars(pkg.author)).toBeLessThanOrEqual(WECHAT_LIMITS.author);
    expect(chars(pkg.digest)).toBeLessThanOrEqual(WECHAT_LIMITS.digest);
    expect(pkg.notes.join()).toContain('标题超过 64 字');
    expect((await wechatChannel.preflight(doc, local.ctx)).map((f) => f.field)).toEqual(['title', 'digest']);
    const html: string = pkg.content;
    expect(chars(html)).toBeLessThan(WECHAT_LIMITS.contentCharacters);
    expect(Buffer.byteLength(html)).toBeLessThan(WECHAT_LIMITS.contentBytes);
    expect(html).toContain('正文第一段');
    for (const banned of [/<script/i, /<style/i, /<iframe/i, /<form/i, /\son\w+=/i, /javascript:/i, /url\(/i, /href=/i, /src="(?!images\/)/i, /class=/i, /evil/]) {
      expect(html).not.toMatch(banned);
    }
    // Every style attribute holds only allowed properties.
    for (const [, style] of html.matchAll(/style="([^"]*)"/g)) {
      for (const declaration of style.split(';').filter(Boolean)) {
        expect(['color', 'background-color', 'font-size', 'line-height', 'font-weight', 'text-align', 'margin', 'padding']).toContain(declaration.split(':')[0].trim());
      }
    }
    for (const image of result.artifacts.filter((a) => /\.(png|jpg)$/.test(a.name))) expect(image.size).toBeLessThanOrEqual(WECHAT_LIMITS.imageBytes);
    expect(await sharp(local.files.get('cover.png')!).metadata()).toMatchObject({ width: 900, height: 383 });
    expect(await sharp(local.files.get('cover-square.png')!).metadata()).toMatchObject({ width: 600, height: 600 });
    // The 一图读懂 as panels stacked in order, gapless, every one of them in the package.
    const stacked = [...html.matchAll(/<p style="margin:0;line-height:0;?"><img src="images\/(explainer-(\d+)\.png)" alt="一图读懂"( \/)?><\/p>/g)];
    expect(stacked.length).toBeGreaterThan(1); // the hostile document is long
    expect(stacked.map((m) => Number(m[2]))).toEqual(stacked.map((_, i) => i + 1));
    expect(pkg.images.filter((name: string) => name.includes('explainer'))).toEqual(stacked.map((m) => `images/${m[1]}`));
    for (const [, name] of stacked) expect((await sharp(local.files.get(name)!).metadata()).width).toBe(1080);
  }, 60_000);

  it('uses the channel override\'s title and digest as written', async () => {
    const local = localRenderContext();
    const doc = { ...juxianInterpretation(), overrides: [{ channel: 'wechat' as const, title: '医保缴费，每人400元', digest: '12月31日前缴清。', text: '', narration: '' }] };
    await wechatChannel.render(doc, local.ctx);
    const pkg = JSON.parse(readFileSync(local.files.get('wechat.json')!, 'utf8'));
    expect([pkg.title, pkg.digest, pkg.notes]).toEqual(['医保缴费，每人400元', '12月31日前缴清。', []]);
  }, 60_000);
});

describe('weibo channel', () => {
  it('writes at most 2,000 characters whose first 140 stand alone and end with the link, and at most nine panels', async () => {
    const local = localRenderContext();
    const doc = { ...hostileInterpretation(), digest: '𠮷'.repeat(300) };
    const result = await weiboChannel.render(doc, local.ctx);
    const post = result.payload as { text: string; lead: string; images: string[] };
    expect(chars(post.text)).toBeLessThanOrEqual(WEIBO_LIMITS.post);
    expect(chars(post.lead)).toBeLessThanOrEqual(WEIBO_LIMITS.lead);
    expect(post.text.startsWith(post.lead)).toBe(true);
    expect(post.lead).toMatch(/ http:\/\/tongyuan\.test\/sites\/sx-tax\/interpretations\/sx-small-scale-vat-relief\.html$/);
    expect(post.images.length).toBeGreaterThan(0);
    expect(post.images.length).toBeLessThanOrEqual(WEIBO_LIMITS.images);
    for (const name of post.images) expect((await sharp(local.files.get(name)!).metadata()).width).toBe(1080);
  }, 60_000);
});

describe('render cache', () => {
  it('draws the 一图读懂 of an interpretation once for WeChat, Weibo and the kiosk, and again when its content changes', async () => {
    const stored = new Map<string, Buffer>();
    const misses: string[] = [];
    const cache = {
      get: async (key: string) => stored.get(key) ?? (misses.push(key), null),
      put: async (key: string, data: Buffer) => void stored.set(key, data),
    };
    const doc = { ...juxianInterpretation(), channels: ['wechat', 'weibo', 'kiosk'] as Array<'wechat' | 'weibo' | 'kiosk'>, kioskTerminals: [{ code: 'jx-service-hall', name: '服务大厅', orientation: 'portrait' as const, staleAfterHours: null }] };
    const explainers = async (d: typeof doc) => {
      const out = [];
      for (const channel of [wechatChannel, weiboChannel, kioskChannel]) {
        const local = localRenderContext({ cache });
        await channel.render(d, local.ctx);
        out.push(readFileSync(local.files.get(channel === wechatChannel ? 'explainer-1.png' : channel === weiboChannel ? 'panel-1.png' : 'slide-1.png')!));
      }
      return out;
    };
    const first = await explainers(doc);
    expect(misses.filter((k) => k.startsWith('panel-'))).toHaveLength(1); // drawn by WeChat, taken by Weibo and the kiosk
    expect(new Set(misses).size).toBe(misses.length);
    expect(first[1].equals(first[0]) && first[2].equals(first[0])).toBe(true); // short: one panel is the whole image
    misses.length = 0;
    const changed = await explainers({ ...doc, keyPoints: [...doc.keyPoints, { heading: '新增要点', text: '缴费后次年1月1日起享受待遇。' }] });
    expect(misses.filter((k) => k.startsWith('panel-'))).toHaveLength(1);
    expect(changed[0].equals(first[0])).toBe(false);
    misses.length = 0;
    await explainers(doc); // nothing drawn twice
    expect(misses).toEqual([]);
  }, 60_000);
});

describe('covers', () => {
  it('keeps all text inside the margins at every size, however long the title and department', async () => {
    for (const size of Object.keys(COVER_SIZES) as Array<keyof typeof COVER_SIZES>) {
      const png = await renderCover(size, { brand: '政在开讲', title: '关于'.repeat(60), department: '国家税务总局山西省税务局第一稽查局', date: '2026年11月23日' });
      const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      expect([info.width, info.height]).toEqual([COVER_SIZES[size].width, COVER_SIZES[size].height]);
      const margin = Math.round(Math.min(info.width, info.height) * 0.1) - 4;
      let outside = 0;
      for (let y = 0; y < info.height * 0.96; y += 1) {
        for (const x of [...Array(margin).keys(), ...Array.from({ length: margin }, (_, i) => info.width - 1 - i)]) {
          if (data[(y * info.width + x) * 3 + 1] > 100) outside += 1; // text is light; the background is dark red
        }
      }
      expect({ size, outside }).toEqual({ size, outside: 0 });
    }
  }, 60_000);
});

describe('covers from the author\'s photo', () => {
  // A 3000×2000 photo whose subject (a red disc) sits at 90 % from the left, 30 % from the top.
  const photo = () => sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#6b8fb5' } })
    .composite([{ input: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="3000" height="2000"><circle cx="2700" cy="600" r="180" fill="#e00000"/></svg>') }])
    .jpeg().toBuffer();
  const redPixels = async (jpeg: Buffer) => {
    const { data } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
    let red = 0;
    for (let i = 0; i < data.length; i += 3) if (data[i] > 180 && data[i + 1] < 80 && data[i + 2] < 80) red += 1;
    return red;
  };
  const withCover = (focus: { x: number; y: number } | null) => ({
    ...juxianInterpretation(), channels: ['wechat' as const], coverFocus: focus,
    cover: { url: '/uploads/photo.jpg', mime: 'image/jpeg', width: 3000, height: 2000, alt: '' },
  });

  it('crops every WeChat cover around the focal point the author set, and finds the subject without one', async () => {
    const uploads = { '/uploads/photo.jpg': await photo() };
    const focused = localRenderContext({ uploads });
    const result = await wechatChannel.render(withCover({ x: 90, y: 30 }), focused.ctx);
    const pkg = JSON.parse(readFileSync(focused.files.get('wechat.json')!, 'utf8'));
    expect([pkg.cover, pkg.shareCover]).toEqual(['images/cover.jpg', 'images/cover-square.jpg']);
    expect(await sharp(focused.files.get('cover.jpg')!).metadata()).toMatchObject({ width: 900, height: 383, format: 'jpeg' });
    expect(await sharp(focused.files.get('cover-square.jpg')!).metadata()).toMatchObject({ width: 600, height: 600 });
    for (const image of result.artifacts) expect(image.size).toBeLessThanOrEqual(WECHAT_LIMITS.imageBytes);
    // A centred square (x 500–2500) would cut the disc off; the focal crop keeps all of it.
    const square = await redPixels(readFileSync(focused.files.get('cover-square.jpg')!));
    expect(square).toBeGreaterThan(Math.PI * (180 * 600 / 2000) ** 2 * 0.8);
    const centred = await sharp(await photo()).resize(600, 600, { fit: 'cover', position: 'centre' }).jpeg().toBuffer();
    expect(await redPixels(centred)).toBeLessThan(square / 10);
    const found = localRenderContext({ uploads });
    await wechatChannel.render(withCover(null), found.ctx);
    expect(await redPixels(readFileSync(found.files.get('cover-square.jpg')!))).toBeGreaterThan(square * 0.5);
  }, 60_000);

  it('refuses a 100-megapixel, corrupt or missing photo with what to fix, without decoding it', async () => {
    const huge = await sharp({ create: { width: 10_000, height: 10_000, channels: 3, background: '#ffffff' } }).jpeg({ quality: 10 }).toBuffer();
    const valid = await photo();
    const cases: Array<[string, Buffer | undefined, RegExp]> = [
      ['100 MP', huge, /10000×10000（100 百万像素），超过 40 百万像素的上限：请缩小后重新上传/],
      ['garbage', Buffer.from('<img src=x onerror=alert(1)>'.repeat(40)), /封面图已损坏或不是图片.*请重新上传/],
      ['truncated', valid.subarray(0, Math.floor(valid.length / 3)), /封面图无法解码（文件可能不完整）：请重新上传/],
      ['gone', undefined, /^封面图无法读取：图片 \/uploads\/photo\.jpg 已不在媒体库中（已被删除）：请重新上传这张图片/],
    ];
    for (const [label, bytes, message] of cases) {
      const local = localRenderContext({ uploads: bytes ? { '/uploads/photo.jpg': bytes } : {} });
      await expect(wechatChannel.render(withCover({ x: 50, y: 50 }), local.ctx)).rejects.toMatchObject({ name: 'RenditionRefused', message: expect.stringMatching(message) });
      expect({ label, written: [...local.files.keys()] }).toEqual({ label, written: [] });
    }
    // Strapi knows the size of an upload: preflight says so before anything is published.
    const doc = { ...withCover(null), cover: { url: '/uploads/huge.jpg', mime: 'image/jpeg', width: 10_000, height: 10_000, alt: '' } };
    const findings = await wechatChannel.preflight(doc, localRenderContext().ctx);
    expect(findings).toEqual([expect.objectContaining({ level: 'error', field: 'cover', message: expect.stringContaining('超过 40 百万像素') })]);
    // …in the words the render refuses with, before anything is fetched.
    const local = localRenderContext({ uploads: {} });
    await expect(wechatChannel.render(doc, local.ctx)).rejects.toMatchObject({ name: 'RenditionRefused', message: findings[0].message });
  }, 60_000);
});

describe('glyph coverage', () => {
  it('finds every character of the demo content, 𠮷 and full-width punctuation in the bundled font', () => {
    const demo = readFileSync(path.join(REPO, 'cms', 'src', 'seed', 'demo-content.json'), 'utf8');
    const text = forScreen(`${JSON.parse(JSON.stringify(demo))}𠮷，。、；：？！“”‘’（）《》【】——……`);
    expect(missingGlyphs(text)).toEqual([]);
  });
});
