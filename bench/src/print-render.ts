import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { FONT_FILES, printContent, renderBooklet, renderLeaflet, type PrintContent } from '@tongyuan/channels';
import { escapeHtml } from '@tongyuan/templates';
import { launchChromium } from '../../test/support/browser';
import { juxianInterpretation } from '../../test/support/fixtures';
import { percentile, type Figure } from './report';
import { informative, judged } from './verdict';

/**
 * Print (明白纸 and 小册子): the channel's pdfkit renders (fonts subset and embedded) beside the
 * alternative of the same content as HTML printed by headless Chromium — once launching Chromium per
 * leaflet (what a worker without a browser pool does), once with a browser kept open.
 */
const ctx = { publicUrl: 'http://bench.test', revisedOn: '2026-11-23' };
const content = (i: number): PrintContent => {
  const doc = juxianInterpretation();
  return printContent({
    ...doc, slug: `bench-${i}`, title: `${doc.title}（第${i}期）`,
    keyPoints: doc.keyPoints.map((k) => ({ ...k, text: `${k.text}第${i}条。`.repeat(2) })),
    qa: [...doc.qa, ...doc.qa.map((q) => ({ question: `${q.question}（补充）`, answer: q.answer.repeat(2) }))],
  }, ctx);
};

/** The same content as a print page for Chromium: A4 @page, the bundled font by file URL (embedded as a subset when printed). */
function html(items: PrintContent[], size: 'A4' | 'A5'): string {
  const font = pathToFileURL(FONT_FILES.regular).href;
  const bold = pathToFileURL(FONT_FILES.bold).href;
  const body = items.map((c) => `<article><p class="label">政策明白纸 · ${escapeHtml(c.brand)}</p><h1>${escapeHtml(c.title)}</h1><p>${escapeHtml(c.digest)}</p>
<h2>政策要点</h2>${c.keyPoints.map((k, i) => `<h3>${i + 1}．${escapeHtml(k.heading)}</h3><p>${escapeHtml(k.text)}</p>`).join('')}
<h2>政策问答</h2>${c.qa.map((q) => `<p><b>问：${escapeHtml(q.question)}</b><br>答：${escapeHtml(q.answer)}</p>`).join('')}
<h2>政策依据</h2>${c.basis.map((b) => `<p>${escapeHtml(b)}</p>`).join('')}<footer>解读部门：${escapeHtml(c.department)} 咨询电话：${escapeHtml(c.hotline)} 印发日期：${c.dateLabel} 版本：${c.revision}</footer></article>`).join('');
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>
@font-face { font-family: SHS; src: url("${font}"); font-weight: 400; } @font-face { font-family: SHS; src: url("${bold}"); font-weight: 700; }
@page { size: ${size}; margin: 15mm; } body { font-family: SHS; font-size: 10.5pt; color: #000; } article { break-after: page; } h1 { font-size: 24pt; }
</style></head><body>${body}</body></html>`;
}

/**
 * Chromium prints `items` from a file (a page opened from about:blank may not load the font by file
 * URL); a PDF without the bundled font embedded would be a cheaper, wrong result, so it stops the bench.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-bench-print-'));
async function chromiumPdf(page: Page, items: PrintContent[], size: 'A4' | 'A5'): Promise<void> {
  const file = path.join(dir, `print-${size}-${items.length}-${items[0].revision}.html`);
  writeFileSync(file, html(items, size));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  const pdf = await page.pdf({ preferCSSPageSize: true });
  if (!pdf.includes('SourceHanSansSC')) throw new Error('Chromium 打印的 PDF 没有嵌入内置字体：对比无效');
}

async function timed<T>(run: () => Promise<T>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

export async function measurePrintRender(leaflets = 20): Promise<Figure[]> {
  await renderLeaflet(content(0), ctx.revisedOn); // fonts read once per process
  const pdfkit: number[] = [];
  for (let i = 1; i <= leaflets; i += 1) pdfkit.push(await timed(() => renderLeaflet(content(i), ctx.revisedOn)));
  const booklet = await timed(() => renderBooklet({ name: '政在开讲', dateLabel: '2026年11月23日', items: Array.from({ length: 50 }, (_, i) => content(i + 1)) }, ctx.revisedOn));
  // A 政策清单's booklet: the same 50 interpretations, the list's description on the cover and its 118 documents in the appendix.
  const documents = Array.from({ length: 118 }, (_, i) => ({ title: `莒县${i % 2 ? '城乡医疗救助实施办法' : '关于做好2027年度城乡居民基本医疗保险参保缴费工作的通知'}`, documentNumber: `莒政办发〔2024〕${i + 1}号`, explainedBy: i < 50 ? [i] : [] }));
  const listBooklet = await timed(() => renderBooklet({
    name: '民生政策(服务)事项清单', dateLabel: '2026年11月23日', items: Array.from({ length: 50 }, (_, i) => content(i + 1)),
    list: { description: '莒县聚焦群众“急难愁盼”梳理的民生政策和服务事项，共118项，每季度更新一次。', documents },
  }, ctx.revisedOn));

  // Chromium launched for each leaflet, then one browser kept open.
  const cold: number[] = [];
  for (let i = 1; i <= Math.min(5, leaflets); i += 1) {
    cold.push(await timed(async () => {
      const browser = await launchChromium();
      await chromiumPdf(await browser.newPage(), [content(i)], 'A4');
      await browser.close();
    }));
  }
  const browser = await launchChromium();
  const warm: number[] = [];
  let chromiumBooklet = 0;
  try {
    const page = await browser.newPage();
    await chromiumPdf(page, [content(0)], 'A4');
    for (let i = 1; i <= leaflets; i += 1) warm.push(await timed(() => chromiumPdf(page, [content(i)], 'A4')));
    chromiumBooklet = await timed(() => chromiumPdf(page, Array.from({ length: 50 }, (_, i) => content(i + 1)), 'A5'));
  } finally {
    await browser.close();
  }

  const p50 = percentile(pdfkit, 50);
  const p95 = percentile(pdfkit, 95);
  const ms = (n: number) => `${n.toFixed(0)} ms`;
  return [
    judged({
      name: 'A4 明白纸（每篇，pdfkit）', goal: [{ figure: 'p95', is: '≤', limit: 1000, unit: ' ms' }], figures: { p50, p95 },
      measured: `p50 ${ms(p50)}, p95 ${ms(p95)}`, ratio: `Chromium 每篇启动 p50 ${ms(percentile(cold, 50))}（${(percentile(cold, 50) / p50).toFixed(1)}×），常驻 p50 ${ms(percentile(warm, 50))}（${(percentile(warm, 50) / p50).toFixed(1)}×）`,
      raw: { pdfkitMs: pdfkit.map(Math.round), chromiumLaunchedEachMs: cold.map(Math.round), chromiumKeptOpenMs: warm.map(Math.round) },
    }),
    judged({
      name: 'A5 小册子（50 篇，pdfkit）', goal: [{ figure: 's', is: '≤', limit: 10, unit: ' s' }], figures: { s: booklet / 1000 },
      measured: `${(booklet / 1000).toFixed(2)} s`, ratio: `同样内容 Chromium 常驻 ${(chromiumBooklet / 1000).toFixed(2)} s（${(chromiumBooklet / booklet).toFixed(1)}×）`,
      raw: { pdfkitMs: Math.round(booklet), chromiumMs: Math.round(chromiumBooklet) },
    }),
    judged({
      name: 'A5 政策清单小册子（50 篇 + 118 件文件目录，pdfkit）', goal: [{ figure: 's', is: '≤', limit: 10, unit: ' s' }], figures: { s: listBooklet / 1000 },
      measured: `${(listBooklet / 1000).toFixed(2)} s`, ratio: `品牌栏目小册子（50 篇）${(booklet / 1000).toFixed(2)} s`,
      raw: { pdfkitMs: Math.round(listBooklet) },
    }),
    informative({
      name: 'A4 明白纸（每篇，Chromium 打印同样的 HTML）', measured: `每篇启动 p50 ${ms(percentile(cold, 50))}；浏览器常驻 p50 ${ms(percentile(warm, 50))}, p95 ${ms(percentile(warm, 95))}`,
      raw: { note: 'no QR code; the same fonts by file URL (the HTML opened from a file), subset and embedded as pdfkit does' },
    }),
  ];
}
