import { previewTemplates } from '@tongyuan/templates';
import type { PreviewItem, RenderedFiles } from '../channel';
import { dataUrl, previewPage } from '../preview/page';

/** What a weibo render records: the post and its panels' file names. */
interface WeiboPost { text: string; characters: number; images: string[] }

/**
 * The post as a phone shows it: the text with its full-text link, and the 一图读懂 panels in the
 * nine-grid (one panel shows whole). Cropped squares as the timeline crops them; tapped, each opens whole.
 */
export function weiboPreview(post: WeiboPost, files: RenderedFiles, limits: { lead: number }): PreviewItem[] {
  const panels = post.images.flatMap((name, i) => {
    const file = files.get(name);
    return file ? [{ src: dataUrl(file), number: i + 1 }] : [];
  });
  const body = previewTemplates.weiboPost({ account: '政务微博', text: post.text, panels, characters: post.characters, leadLimit: limits.lead });
  return [{ key: 'weibo-post', channel: 'weibo', label: '微博（正文与九宫格配图，手机宽度）', kind: 'html', width: 375, html: previewPage(previewTemplates.weiboCss, body) }];
}
