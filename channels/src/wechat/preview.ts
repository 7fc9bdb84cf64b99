import type { PreviewItem, RenderedFiles } from '../channel';
import { previewTemplates } from '@tongyuan/templates';
import { stackImages } from '../images/explainer';
import { dataUrl, previewPage, renderedText } from '../preview/page';

/** The package as an author checks it: both covers, the 一图读懂 stacked, and the article at a phone's width. */
export async function wechatPreview(files: RenderedFiles): Promise<PreviewItem[]> {
  const image = (key: string, name: string | undefined, label: string, width: number | null): PreviewItem[] => {
    const file = name ? files.get(name) : undefined;
    return file ? [{ key, channel: 'wechat', label, kind: 'image', mime: file.mime, width, dataUrl: dataUrl(file) }] : [];
  };
  const names = [...files.keys()];
  const article = renderedText(files, 'article.html')
    .replace(/src="images\/([^"]+)"/g, (whole, name: string) => (files.has(name) ? `src="${dataUrl(files.get(name)!)}"` : whole));
  return [
    ...image('cover', names.find((n) => /^cover\./.test(n)), '微信封面（2.35:1）', 900),
    ...image('share-cover', names.find((n) => /^cover-square\./.test(n)), '分享封面（1:1）', 600),
    ...(await stacked(names.filter((n) => /^explainer-\d+\.(png|jpg)$/.test(n)).map((n) => files.get(n)!.data))),
    { key: 'wechat-article', channel: 'wechat', label: '微信文章（手机宽度）', kind: 'html', width: 375, height: 812, html: previewPage(previewTemplates.wechatCss, article) },
  ];
}

/** The article's 一图读懂 panels one under the other, as a reader scrolls them: one picture to look at. */
async function stacked(panels: Buffer[]): Promise<PreviewItem[]> {
  if (panels.length === 0) return [];
  const { png, width } = await stackImages(panels);
  return [{ key: 'explainer', channel: 'wechat', label: '一图读懂', kind: 'image', mime: 'image/png', width, dataUrl: dataUrl({ mime: 'image/png', data: png }) }];
}
