import { kioskTemplates } from '@tongyuan/templates';
import type { PreviewItem, RenderedFiles } from '../channel';
import type { PublishedDocument } from '../document/types';
import { dataUrl, previewPage, renderedText } from '../preview/page';

/** The item page as the hall's terminal shows it, at the size of its screen (portrait when any target is). */
export function kioskPreview(doc: PublishedDocument, files: RenderedFiles): PreviewItem[] {
  if (doc.kind === 'policy-document') return [];
  const item = renderedText(files, 'item.html').replace('src="qr.svg"', `src="${dataUrl(files.get('qr.svg')!)}"`);
  const orientation = doc.kioskTerminals.some((t) => t.orientation === 'portrait') ? 'portrait' : 'landscape';
  return [{
    key: 'kiosk-page', channel: 'kiosk', label: orientation === 'portrait' ? '触摸屏页面（1080×1920 竖屏）' : '触摸屏页面（1920×1080 横屏）',
    kind: 'html', width: orientation === 'portrait' ? 1080 : 1920, height: orientation === 'portrait' ? 1920 : 1080, html: previewPage(kioskTemplates.css, `<section id="detail">${item}</section>`, orientation),
  }];
}
