import type { PreviewItem, RenderedFiles } from '../channel';
import type { PublishedDocument } from '../document/types';
import { dataUrl, renderedText } from '../preview/page';
import { renderSitePage, withValidity, withValidityNote } from './pages';
import { withVideo } from './video';

/** A desktop browser and a phone: the widths the page is checked at. */
export const WEB_PREVIEW_WIDTHS = { desktop: 1280, phone: 375 } as const;

/**
 * The page as its first site serves it — the site's chrome around the article — at a desktop's and
 * a phone's width. Its files come inline (the draft's are not served yet); the video a 视频解读
 * page plays is made after publishing, so the page says so where it will be.
 */
export function webPreview(doc: PublishedDocument, files: RenderedFiles): PreviewItem[] {
  const site = doc.sites[0];
  if (!site) return [];
  let html = renderedText(files, 'article.html')
    .replace(/\s(srcset|sizes)="[^"]*"/g, '')
    .replace(/\/files\/[0-9a-f]{64}\/([^"\s]+)/g, (whole, name: string) => {
      const file = files.get(decodeURIComponent(name));
      return file ? dataUrl(file) : whole;
    });
  if (doc.kind === 'policy-document') {
    html = withValidity(html, '现行有效');
  } else if (doc.kind === 'interpretation') {
    html = withValidityNote(html, '现行有效', null);
    html = withVideo(html, { state: 'pending' });
  }
  const page = renderSitePage({ code: site.code, name: site.name }, {
    title: doc.title, content: html, column: doc.kind === 'policy-document' ? 'policies' : doc.kind === 'event' ? 'events' : 'interpretations',
  });
  return [
    { key: 'web-desktop', channel: 'web', label: `门户网站·${site.name}（电脑，${WEB_PREVIEW_WIDTHS.desktop} 像素宽）`, kind: 'html', width: WEB_PREVIEW_WIDTHS.desktop, html: page },
    { key: 'web-phone', channel: 'web', label: `门户网站·${site.name}（手机，${WEB_PREVIEW_WIDTHS.phone} 像素宽）`, kind: 'html', width: WEB_PREVIEW_WIDTHS.phone, html: page },
  ];
}
