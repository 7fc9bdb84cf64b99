import { readFileSync } from 'node:fs';
import { kioskChannel } from '@tongyuan/channels';
import { HtmlValidate } from 'html-validate';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { juxianInterpretation } from '../support/fixtures';
import { localRenderContext } from '../support/render-context';

/**
 * A kiosk item's HTML for a body with stray tags (an unclosed <div>, a stray </p>, a block inside a
 * paragraph, table parts without a table) is well-formed: html-validate finds no implied closes,
 * stray end tags or misplaced elements, and Chromium's parser builds exactly the markup written
 * (a browser re-serializing the item gives back the same text). Neither parser is the one the
 * channel uses (parse5).
 */
const STRAY_BODIES = [
  '前言<div>未闭合的块\n\n第二段说明参保范围。',
  '第一段</p>多余的结束标签之后的文字',
  '<p>段落里<div>放了块</div>和<ul><li>列表</li></ul></p>',
  '<b><p>加粗里的段落</p></b><em>斜体<p>跨段</em>落',
  '<td>孤立的单元格</td><tr><th>孤立的行</th></tr>',
  '<table><p>表格里的段落</p><td>没有行的格</table>',
  '<code><pre>代码</pre></code><hr>横线</hr><br></br>',
  '<button><p>按钮<button><p>套按钮',
  '<blockquote>未闭合的引用\n\n- 列表项\n\n## 标题</h3>',
];

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const itemHtml = async (body: string) => {
  const local = localRenderContext();
  const doc = { ...juxianInterpretation(), body, channels: ['kiosk' as const], kioskTerminals: [{ code: 'jx-service-hall', name: '服务大厅', orientation: 'portrait' as const, staleAfterHours: null }] };
  await kioskChannel.render(doc, local.ctx);
  return readFileSync(local.files.get('item.html')!, 'utf8');
};

it('writes item HTML for bodies with stray tags that both html-validate and Chromium read as written', async () => {
  const validator = new HtmlValidate({
    extends: ['html-validate:recommended'],
    // Structure, not authors' wording: headings as the author numbered them, and paragraphs inside an
    // inline element (<em>…<p>) are what every browser's parser builds from such input — well-formed.
    rules: { 'prefer-tbody': 'off', 'heading-level': 'off', 'element-permitted-content': 'off', 'no-trailing-whitespace': 'off' },
  });
  const page = await browser.newPage();
  for (const body of STRAY_BODIES) {
    const html = await itemHtml(body);
    const report = await validator.validateString(html);
    const messages = report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`));
    expect({ body, messages }).toEqual({ body, messages: [] });
    const reparsed = await page.evaluate((markup) => {
      const holder = document.createElement('div');
      holder.innerHTML = markup;
      return holder.innerHTML;
    }, html);
    expect(reparsed).toBe(html);
    // Nothing the author wrote as text is lost.
    const text = body.replace(/<[^>]*>/g, '').replace(/^[-#]+ /gm, '').replace(/\s+/g, '');
    const shown = await page.evaluate((markup) => {
      const holder = document.createElement('div');
      holder.innerHTML = markup;
      return holder.querySelector('.body')?.textContent ?? '';
    }, html);
    expect(shown.replace(/\s+/g, '')).toBe(text);
  }
  await page.close();
});

it('keeps tables, lists and emphasis of a well-written body as they were', async () => {
  const html = await itemHtml('**重点**：个人缴费400元。\n\n- 一\n- 二\n\n| 项目 | 金额 |\n|---|---|\n| 补贴 | 5000元 |\n\n[门户](https://www.juxian.gov.cn/)');
  expect(html).toContain('<strong>重点</strong>');
  expect(html).toMatch(/<ul>\s*<li>一<\/li>\s*<li>二<\/li>\s*<\/ul>/);
  expect(html).toContain('<td>5000元</td>');
  expect(html).toContain('门户'); // links become text on an offline terminal
  expect(html).not.toContain('href="https://www.juxian.gov.cn/"');
});
