import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import sharp from 'sharp';
import { PEOPLE, PRIVATE_VALUES, type FundsStack } from '../../support/fund-fixture';
import type { Stack } from '../../support/stack';

/**
 * 码上监督 (issue 21): a village's A4 poster for its notice board, printed, turned into a picture and
 * scanned as a phone would — the code must open the village's live disclosure page — and a township's
 * posters at once, a page per village. Nothing of any payee is on them.
 */
const SITE = 'huitong-portal';
const BASE = `/sites/${SITE}/funds`;
const OUT = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-posters-'));
const seg = encodeURIComponent;
const [TOWNSHIP, VILLAGE] = [PEOPLE[0].township, PEOPLE[0].village];
const villagesOf = (township: string) => new Set(PEOPLE.filter((p) => p.township === township).map((p) => p.village));

let stack: Stack;

/** Run by funds.test.ts on the stack it shares with the disclosure pages' and reports' tests. */
export function posterTests(ctx: FundsStack) {
  beforeAll(() => {
    stack = ctx.stack;
  });
/** A poster PDF fetched and saved; its page count, page size line and text. */
async function poster(url: string, name: string) {
  const response = await fetch(`${stack.url}${url}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/pdf');
  const pdf = Buffer.from(await response.arrayBuffer());
  const file = path.join(OUT, `${name}.pdf`);
  writeFileSync(file, pdf);
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return { pdf, file, info, pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]), text: execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }) };
}

/** The QR codes of a PDF's pages at 100 dpi (as pdftoppm makes the PNGs), decoded. */
async function codesOf(file: string, name: string): Promise<string[]> {
  execFileSync('pdftoppm', ['-r', '100', '-png', file, path.join(OUT, name)]);
  const images = readdirSync(OUT).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png')).sort();
  return Promise.all(images.map(async (image) => {
    const { data, info } = await sharp(path.join(OUT, image)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([827, 1170]); // A4 (595 x 842 pt) at 100 dpi, rounded up
    return jsQR(new Uint8ClampedArray(data), info.width, info.height)?.data ?? '';
  }));
}

it('prints a village\'s A4 poster whose QR code opens its live disclosure page', async () => {
  const village = await poster(`${BASE}/posters/${seg(TOWNSHIP)}/${seg(VILLAGE)}.pdf`, 'village');
  console.log(`village poster: ${OUT}/village-1.png`);
  expect(village.pages).toBe(1);
  expect(village.info).toMatch(/Page size:\s+59[45]\.\d+ x 84[12]\.\d+ pts \(A4\)/);
  // The embedded faces only (Type 3 outlines of the web font, the fallback's CID font): no system font stood in.
  const fonts = execFileSync('pdffonts', [village.file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  for (const line of fonts) expect(line).toMatch(/^(\[none\]\s+Type 3|\S+\+HanaMin\S*\s+CID TrueType)\b/);
  const text = village.text.replace(/\s+/g, '');
  for (const words of [`${VILLAGE}民生资金“码”上监督`, `会同县·${TOWNSHIP}`, '扫码查看本村惠民资金发放情况', '发现问题可点“我要监督”反映', '已公开发放4笔', '数据截至']) expect(text).toContain(words);

  const [code] = await codesOf(village.file, 'village');
  const page = `${stack.url}${BASE}/townships/${seg(TOWNSHIP)}/${seg(VILLAGE)}`;
  expect(code).toBe(page);
  const opened = await fetch(code);
  expect(opened.status).toBe(200);
  const html = await opened.text();
  expect(html).toContain(VILLAGE);
  expect(html).toContain(`${BASE}/posters/${seg(TOWNSHIP)}/${seg(VILLAGE)}.pdf`); // the page links its poster

  // Printed once: the same file again from the render cache (Chromium would stamp a new creation time).
  const again = Buffer.from(await (await fetch(`${stack.url}${BASE}/posters/${seg(TOWNSHIP)}/${seg(VILLAGE)}.pdf`)).arrayBuffer());
  expect(again.equals(village.pdf)).toBe(true);
});

it('prints a township\'s posters at once, a page per village, each code its village\'s page', async () => {
  const township = await poster(`${BASE}/posters/${seg(TOWNSHIP)}.pdf`, 'township');
  const villages = [...villagesOf(TOWNSHIP)].sort((a, b) => a.localeCompare(b, 'zh-CN'));
  expect(township.pages).toBe(villages.length);
  expect(await codesOf(township.file, 'township')).toEqual(villages.map((v) => `${stack.url}${BASE}/townships/${seg(TOWNSHIP)}/${seg(v)}`));
  expect(await (await fetch(`${stack.url}${BASE}/townships/${seg(TOWNSHIP)}`)).text()).toContain(`${BASE}/posters/${seg(TOWNSHIP)}.pdf`);
});

it('shows no payee on any poster', async () => {
  const other = PEOPLE.find((p) => p.township !== TOWNSHIP)!.township;
  const texts = [(await poster(`${BASE}/posters/${seg(TOWNSHIP)}.pdf`, 'privacy-1')).text, (await poster(`${BASE}/posters/${seg(other)}.pdf`, 'privacy-2')).text];
  for (const value of PRIVATE_VALUES) for (const text of texts) expect(text.replace(/\s+/g, '')).not.toContain(value);
});

it('answers an unknown village or township with a 404 in Chinese', async () => {
  for (const url of [`${BASE}/posters/${seg(TOWNSHIP)}/${seg('没有村')}.pdf`, `${BASE}/posters/${seg('没有镇')}.pdf`, `/sites/no-such-site/funds/posters/${seg(TOWNSHIP)}.pdf`, `${BASE}/posters/%00.pdf`]) {
    const response = await fetch(`${stack.url}${url}`);
    expect(response.status).toBe(404);
    expect((await response.json()).message).toMatch(/[\u4e00-\u9fff]/);
  }
});
}
