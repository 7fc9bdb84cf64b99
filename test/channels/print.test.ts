import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { printChannel, printContent, renderBooklet, type Interpretation } from '@tongyuan/channels';
import jsQR from 'jsqr';
import sharp from 'sharp';
import { juxianInterpretation } from '../support/fixtures';
import { localRenderContext } from '../support/render-context';

/**
 * The print channel's PDFs as a print shop and a grid worker meet them: every font embedded, page
 * sizes exact to the point, nothing printed in the margins, the leaflet read back by OCR (tesseract
 * chi_sim) and its QR code decoded to the live page; too much for one sheet is said, not overflowed.
 */
const work = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-print-'));
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' });
const pageSizes = (file: string) => [...run('pdfinfo', ['-l', '999', file]).matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/g)].map((m) => [Number(m[1]), Number(m[2])]);
const PAGE_URL = 'http://tongyuan.test/sites/juxian/interpretations/jx-resident-medical-insurance-2027.html';

/** Page `n` as a grey-scale PNG (a photocopy of it), `dpi` dots per inch. */
function page(file: string, n: number, dpi: number): string {
  const out = path.join(work, `${path.basename(file, '.pdf')}-${n}-${dpi}`);
  run('pdftoppm', ['-gray', '-r', String(dpi), '-f', String(n), '-l', String(n), '-singlefile', '-png', file, out]);
  return `${out}.png`;
}

async function render(doc: Interpretation) {
  const { ctx, files } = localRenderContext();
  const result = await printChannel.render(doc, ctx);
  return { result, leaflet: files.get('leaflet.pdf')!, poster: files.get('poster.pdf')! };
}

/** Whether anything is printed within `mm` of the page's edges (dark pixels of a grey-scale page). */
async function inkInMargins(png: string, dpi: number, mm: number): Promise<boolean> {
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  const edge = Math.floor((mm / 25.4) * dpi);
  for (let y = 0; y < info.height; y += 1) {
    for (let x = 0; x < info.width; x += 1) {
      const inside = x >= edge && x < info.width - edge && y >= edge && y < info.height - edge;
      if (!inside && data[y * info.width + x] < 128) return true;
    }
  }
  return false;
}

/**
 * Characters of `source` found, in order, in `read` (longest common subsequence), as a share of the
 * source; full-width and half-width forms count as one (OCR reads ： as :, as a reader does).
 */
function recovered(source: string, read: string): number {
  const a = [...source.normalize('NFKC').replace(/\s/g, '')];
  const b = [...read.normalize('NFKC').replace(/\s/g, '')];
  let prev = new Uint16Array(b.length + 1);
  for (const ch of a) {
    const row = new Uint16Array(b.length + 1);
    for (let j = 1; j <= b.length; j += 1) row[j] = ch === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], row[j - 1]);
    prev = row;
  }
  return prev[b.length] / a.length;
}

describe('print', () => {
  const doc = juxianInterpretation();
  let first: Awaited<ReturnType<typeof render>>;
  beforeAll(async () => { first = await render(doc); });

  it('makes an A4 leaflet and an A3 poster with every font embedded, sizes exact, nothing in the margins, the same bytes each time', async () => {
    const { leaflet, poster, result } = first;
    for (const file of [leaflet, poster]) {
      const fonts = run('pdffonts', [file]).split('\n').slice(2).filter(Boolean);
      expect(fonts.length).toBeGreaterThan(0);
      for (const line of fonts) expect(line).toMatch(/\byes\s+yes\s+yes\b/); // embedded, subset, with a Unicode map
    }
    expect(pageSizes(leaflet)).toEqual([[595.28, 841.89]]);
    expect(pageSizes(poster)).toEqual([[841.89, 1190.55]]);
    expect(await inkInMargins(page(leaflet, 1, 50), 50, 12)).toBe(false);
    expect(await inkInMargins(page(poster, 1, 30), 30, 15)).toBe(false);
    // The poster's centred title wraps into even lines: no character left alone on a line (it left 费).
    const posterLines = run('pdftotext', ['-raw', poster, '-']).split('\n').map((l) => l.trim()).filter(Boolean);
    expect(posterLines.filter((l) => [...l].length === 1)).toEqual([]);
    expect(result.payload.leaflet).toEqual({ file: 'leaflet.pdf', pages: 1, keyPointsKept: 2, qaKept: 1 });
    // Stored by content: a render of the same revision makes the same file.
    expect(readFileSync((await render(doc)).leaflet)).toEqual(readFileSync(leaflet));
  });

  it('prints the leaflet legibly in grey: OCR reads back at least 98% of its text, and its QR code opens the live page', async () => {
    const { leaflet, result } = first;
    const c = result.payload.content;
    const source = [
      '政策明白纸', c.brand, c.title, ...c.keyPoints.flatMap((k, i) => [`${i + 1}．${k.heading}`, k.text]),
      '政策问答', ...c.qa.flatMap((q) => [`问：${q.question}`, `答：${q.answer}`]), '政策依据', ...c.basis,
      `解读部门：${c.department}`, `咨询电话：${c.hotline}`, `印发日期：${c.dateLabel}`,
    ].join('');
    const png = page(leaflet, 1, 200);
    const started = Date.now();
    const read = run('tesseract', [png, '-', '-l', 'chi_sim', '--psm', '3']).replace(/[ \t]/g, '');
    console.log(`OCR of one A4 page at 200 dpi: ${Date.now() - started} ms; recovered ${(recovered(source, read) * 100).toFixed(1)}%`);
    expect(recovered(source, read)).toBeGreaterThanOrEqual(0.98);

    const { data, info } = await sharp(page(leaflet, 1, 150)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    expect(jsQR(new Uint8ClampedArray(data), info.width, info.height)?.data).toBe(PAGE_URL);
  }, 60_000);

  it('continues on the back when the front is full, and leaves out what fits on neither side (Q&A first, then key points), saying what', async () => {
    const { ctx } = localRenderContext();
    const qa = Array.from({ length: 16 }, (_, i) => ({ question: `第${i + 1}个问题：困难群众怎么缴？`, answer: '特困人员、低保对象的个人缴费部分，由医疗救助资金按规定给予资助。'.repeat(3) }));
    // A long title with a 生僻字 of a village's name (𤭢, from the fallback font).
    const full = { ...doc, title: `${'关于进一步优化营商环境降低市场主体制度性交易成本'.repeat(3)}支持𤭢家村的解读`, qa };
    const findings = await printChannel.preflight(full, ctx);
    expect(findings.filter((f) => f.level === 'error')).toEqual([]);
    const cut = findings.find((f) => f.field === 'qa');
    expect(cut).toMatchObject({ level: 'warning' });
    expect(cut!.message).toMatch(/^A4 明白纸正反两面放不下全部问答：印出前 (\d+) 条，略去第 \d+–16 条/);
    const { leaflet, result } = await render(full);
    expect(result.payload.leaflet).toMatchObject({ pages: 2, keyPointsKept: 2, qaKept: Number(/印出前 (\d+) 条/.exec(cut!.message)![1]) });
    expect(pageSizes(leaflet)).toEqual([[595.28, 841.89], [595.28, 841.89]]);
    expect(run('pdffonts', [leaflet])).toMatch(/\+HanaMinB\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    for (const n of [1, 2]) expect(await inkInMargins(page(leaflet, n, 50), 50, 12)).toBe(false);

    // Forty long key points: every Q&A goes, then the key points that fit on neither side; the basis stays.
    const crowded = { ...doc, keyPoints: Array.from({ length: 40 }, (_, i) => ({ heading: `要点${i + 1}`, text: '个人缴费标准为每人每年400元，财政补助同步提高。'.repeat(4) })) };
    const said = await printChannel.preflight(crowded, ctx);
    expect(said.filter((f) => f.level === 'error')).toEqual([]);
    expect(said.find((f) => f.field === 'qa')?.message).toBe('A4 明白纸正反两面放不下问答：1 条全部略去（扫码可看全文）');
    expect(said.find((f) => f.field === 'keyPoints')?.message).toMatch(/^A4 明白纸正反两面放不下全部要点：印出前 \d+ 条，略去第 \d+–40 条（扫码可看全文）$/);
    const crowdedLeaflet = await render(crowded);
    expect(crowdedLeaflet.result.payload.leaflet.pages).toBe(2);
    expect(run('pdftotext', ['-f', '2', '-l', '2', crowdedLeaflet.leaflet, '-']).replace(/\s/g, '')).toContain('政策依据《关于做好2027年城乡居民基本医疗保障工作的通知》');
    expect(await inkInMargins(page(crowdedLeaflet.leaflet, 2, 50), 50, 12)).toBe(false);
  }, 30_000);

  it('sets a 50-item A5 booklet with a table of contents whose page numbers are where each interpretation starts (its speed is measured by the print bench: goal ≤ 10 s)', async () => {
    const { ctx } = localRenderContext();
    const items = Array.from({ length: 50 }, (_, i) => printContent({ ...doc, title: `第${i + 1}篇：2027年度城乡居民医保开始缴费${i % 7 === 0 ? '，集中缴费期为即日起至12月31日，错过的待遇等待期为3个月' : ''}`, slug: `item-${i}` }, ctx));
    const { pdf, pages } = await renderBooklet({ name: '政在开讲', dateLabel: '2026年11月23日', items }, '2026-11-23');
    const file = path.join(work, 'booklet.pdf');
    writeFileSync(file, pdf);
    expect(pageSizes(file)).toEqual(Array.from({ length: pages }, () => [419.53, 595.28]));
    const text = (n: number) => run('pdftotext', ['-f', String(n), '-l', String(n), '-layout', file, '-']);
    const contents = [2, 3, 4].map(text).join(''); // the cover, then the contents (20 entries a page)
    for (const i of [0, 1, 24, 49]) {
      const entry = new RegExp(`${i + 1}．第${i + 1}篇：[^\\n]*?\\s(\\d+)[\\n\\f]`).exec(contents);
      expect(entry).not.toBeNull();
      expect(text(Number(entry![1])).replace(/\s/g, '')).toContain(`第${i + 1}篇：2027年度城乡居民医保开始缴费`);
    }
    expect(await inkInMargins(page(file, 5, 40), 40, 10)).toBe(false);
  }, 30_000);
});
