import { chinaDateTime } from '@tongyuan/document';
import { previewTemplates } from '@tongyuan/templates';
import type { AnyChannel, PreviewItem } from '@tongyuan/channels';
import type { DocumentKind } from '../domain/document';
import { previewDocument, type PreviewDeps, type Previews } from './preview';

/** Wider pages and screens are shown scaled to about this many pixels, so a kiosk's 1080×1920 fits beside the rest. */
const SHOWN = 768;
/** Images are shown at most this wide (a 1080 px 一图读懂 at half size), larger ones scaled. */
const IMAGE_WIDTH = 540;

/**
 * The full-size preview of a draft (what Strapi's Preview opens): one self-contained page with a
 * section per target channel in the registry's order — the portal page at desktop and phone
 * width, covers and 一图读懂, the WeChat article at 375 px, the Weibo post, the kiosk page, the
 * video storyboards — and what a channel refuses, with what to fix. Pages sit in sandboxed frames
 * (nothing in them runs); everything is inline, nothing is fetched.
 */
export async function previewPageHtml(deps: PreviewDeps, kind: DocumentKind, documentId: string): Promise<string | null> {
  const started = Date.now();
  const previews = await previewDocument(deps, kind, documentId);
  return previews ? previewPageOf(previews, deps.channels, Date.now() - started) : null;
}

/** The page of drawn previews, sections in the channels' order; `ms`: how long drawing took. */
export function previewPageOf(previews: Previews, channels: Array<Pick<AnyChannel, 'code' | 'name'>>, ms: number): string {
  const sections = channels
    .map((channel) => ({ channel: channel.code, name: channel.name, items: previews.items.filter((i) => i.channel === channel.code).map(itemView) }))
    .filter((section) => section.items.length > 0);
  const generatedAt = new Date().toISOString();
  return previewTemplates.page({
    css: previewTemplates.css,
    title: previews.title ?? '（无法读取标题）',
    generatedAt,
    generatedAtText: `${chinaDateTime(new Date(generatedAt))}（北京时间）`,
    seconds: Math.round(ms / 100) / 10 || null,
    note: previews.note,
    failures: previews.failures,
    sections,
  });
}

function itemView(item: PreviewItem) {
  if (item.kind === 'image') {
    const width = item.width ?? IMAGE_WIDTH;
    const shownWidth = Math.min(width, IMAGE_WIDTH);
    return { ...item, image: true, shownWidth, scaleText: shownWidth < width ? percent(shownWidth / width) : null };
  }
  if (item.kind === 'html') {
    // A phone-width page is shown at its own size (what the reader sees, pixel for pixel); wider ones scaled.
    const height = item.height ?? (item.width > 480 ? 800 : 812);
    const scale = item.width <= 480 ? 1 : Math.min(1, SHOWN / item.width, SHOWN / height);
    return {
      ...item, page: true, height, scale, boxWidth: Math.ceil(item.width * scale), boxHeight: Math.ceil(height * scale),
      scaleText: scale < 1 ? percent(scale) : null,
    };
  }
  return {
    ...item, storyboard: true, orientation: item.height > item.width ? 'portrait' : 'landscape',
    frames: item.frames.map((frame, i) => ({ ...frame, number: i + 1, to: Math.round((frame.from + frame.seconds) * 10) / 10 })),
  };
}

const percent = (ratio: number) => `${Math.round(ratio * 100)}%`;
