import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { channelFor } from '@tongyuan/channels';
import { juxianInterpretation } from '../support/fixtures';
import { localRenderContext } from '../support/render-context';

/**
 * Images an author puts into the body from the CMS's media library are carried into the
 * rendition and served from the publisher's /files/ — on the portal page by path, in feeds by
 * absolute URL — and anything else (another host, a file that is gone, a 100-megapixel bomb) is
 * left out, named, with the text kept.
 */
const webChannel = channelFor('web')!;
const feedsChannel = channelFor('feeds')!;
const photo = async (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#3366aa' } }).png().toBuffer();

it('stores media-library images with the rendition and leaves out what it must not show', async () => {
  const uploads = { '/uploads/hall.png': await photo(640, 360), '/uploads/bomb.png': await photo(10, 10) };
  // A 100-megapixel PNG header without the pixels: refused from the header, never decoded.
  const bomb = Buffer.from(uploads['/uploads/bomb.png']);
  bomb.writeUInt32BE(10_000, 16);
  bomb.writeUInt32BE(10_000, 20);
  uploads['/uploads/bomb.png'] = bomb;
  const doc = {
    ...juxianInterpretation(), channels: ['web' as const, 'feeds' as const],
    body: '服务大厅一角：\n\n![大厅](/uploads/hall.png)\n\n![外站](https://evil.example/x.png) ![已删除](/uploads/gone.png) ![炸弹](/uploads/bomb.png)\n\n正文结尾。',
  };
  const web = localRenderContext({ uploads });
  const result = await webChannel.render(doc, web.ctx);
  const html = readFileSync(web.files.get('article.html')!, 'utf8');
  const image = result.artifacts.find((a) => a.name === 'body-1.png')!;
  expect(image).toMatchObject({ mime: 'image/png' });
  expect(html).toContain(`<img src="/files/${image.sha256}/body-1.png" alt="大厅" />`);
  expect(html.match(/<img/g)).toHaveLength(1);
  expect(html).toContain('正文结尾。');
  expect(await sharp(readFileSync(web.files.get('body-1.png')!)).metadata()).toMatchObject({ width: 640, height: 360 });
  const leftOut = (result.payload as { imagesLeftOut: string[] }).imagesLeftOut;
  expect(leftOut).toHaveLength(3);
  expect(leftOut.join('\n')).toMatch(/evil\.example[\s\S]*gone\.png[\s\S]*bomb\.png[\s\S]*百万像素/);
  // A body image that is gone is named as a body image, with what to do (it used to say 请重新上传封面图).
  expect(leftOut.find((l) => l.includes('gone.png'))).toMatch(/^正文图片 \/uploads\/gone\.png 未显示.*已不在媒体库中.*请重新上传这张图片/);
  expect(leftOut.join()).not.toContain('封面图');

  const feeds = localRenderContext({ uploads });
  const entry = await feedsChannel.render(doc, feeds.ctx);
  const contentHtml = (entry.payload as { contentHtml: string }).contentHtml;
  expect(contentHtml).toContain(`<img src="http://tongyuan.test/files/${image.sha256}/body-1.png" alt="大厅" />`);
  expect(entry.artifacts.map((a) => a.sha256)).toEqual([image.sha256]);
});
