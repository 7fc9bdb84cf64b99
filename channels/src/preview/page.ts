import type { RenderedFiles } from '../channel';

/** A stored file inlined as a data URL (a preview page fetches nothing). */
export const dataUrl = (file: { mime: string; data: Buffer }) => `data:${file.mime.split(';')[0]};base64,${file.data.toString('base64')}`;

/** A whole page for a sandboxed iframe (no scripts run there): the channel's own styles, nothing fetched. */
export function previewPage(css: string, body: string, bodyClass = '') {
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>${css}</style></head><body class="${bodyClass}">${body}</body></html>`;
}

/** The text of a rendered file the channel always writes. */
export function renderedText(files: RenderedFiles, name: string): string {
  const file = files.get(name);
  if (!file) throw new Error(`预览缺少文件 ${name}`);
  return file.data.toString('utf8');
}
