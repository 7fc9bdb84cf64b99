import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { printChannel, printContent, renderBooklet, type BuiltFile, type FollowUpDeps, type Interpretation, type PolicyListMembers, type PrintPayload } from '@tongyuan/channels';
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

describe('print booklets per 政策清单 (the follow-up)', () => {
  const built = new Map<string, BuiltFile>();
  const pdfs = new Map<string, Buffer>();
  let today = '2026-12-03';
  let printed: Array<{ doc: Interpretation; payload: PrintPayload; publishedAt: string }> = [];
  let lists: PolicyListMembers[] = [];
  const ended = new Map<string, string>(); // documentId → last day in force
  const deps = {
    logger: { info: () => undefined, warn: () => undefined }, today: () => today,
    live: async () => printed.map(({ doc, payload, publishedAt }) => ({ documentId: doc.documentId, channel: 'print', hash: payload.content.revision, title: doc.title, publishedAt, updatedAt: '', payload, artifacts: [] })),
    rendersInFlight: async () => 0,
    // An interpretation ends with its basis, as the publisher's validity board says.
    inForce: async (id: string, _validTo: string | null, day: string) => {
      const basis = printed.find((p) => p.doc.documentId === id)?.payload.basisDocuments ?? [id];
      return basis.every((b) => !ended.has(b) || ended.get(b)! >= day);
    },
    policyLists: async () => lists,
    builtFiles: {
      list: async () => [...built.values()], save: async (b: BuiltFile) => void built.set(b.key, b),
      removeExcept: async (keys: string[]) => [...built.keys()].filter((k) => !keys.includes(k) && built.delete(k)).length,
      store: async (name: string, mime: string, data: Buffer) => (pdfs.set(data.toString('base64').slice(-40), data), { name, mime, size: data.length, sha256: data.toString('base64').slice(-40) }),
    },
  } as unknown as FollowUpDeps<PrintPayload>;
  const booklet = (code: string) => built.get(`list:${code}`);
  const text = (b: BuiltFile, pages?: [number, number]) => {
    const file = path.join(work, `list-${b.file.sha256.replace(/[^a-z0-9]/gi, '')}.pdf`);
    writeFileSync(file, pdfs.get(b.file.sha256)!);
    return { file, text: run('pdftotext', [...(pages ? ['-f', String(pages[0]), '-l', String(pages[1])] : []), '-layout', file, '-']) };
  };
  const LIVELIHOOD = { code: 'livelihood-services', name: '民生政策(服务)事项清单', description: '莒县聚焦群众“急难愁盼”梳理的民生政策和服务事项，每季度更新一次。' };
  const member = (documentId: string, documentNumber: string, title: string) => ({ documentId, documentNumber, title, validTo: null });

  beforeAll(async () => {
    const base = juxianInterpretation();
    const make = async (documentId: string, slug: string, title: string, basis: string, publishedAt: string) => {
      const doc: Interpretation = { ...base, documentId, slug, title, basis: [{ ...base.basis[0], policy: { ...base.basis[0].policy, documentId: basis } }] };
      const { ctx } = localRenderContext();
      return { doc, payload: (await printChannel.render(doc, ctx)).payload, publishedAt };
    };
    printed = [
      await make('i-insurance', 'jx-insurance', '2027年度城乡居民医保开始缴费', 'p-insurance', '2026-12-01T08:00:00Z'),
      await make('i-assistance', 'jx-assistance', '困难群众看病有兜底：城乡医疗救助救谁、怎么救', 'p-assistance', '2026-12-02T08:00:00Z'),
      await make('i-industry', 'jx-industry', '技术改造最高补助200万元', 'p-industry', '2026-12-02T09:00:00Z'),
    ];
    lists = [
      { ...LIVELIHOOD, documents: [member('p-assistance', '莒医保发〔2024〕15号', '莒县城乡医疗救助实施办法'), member('p-insurance', '莒医保发〔2026〕18号', '关于做好2027年度城乡居民基本医疗保险参保缴费工作的通知'), member('p-rental', '莒政办发〔2024〕15号', '莒县公共租赁住房保障管理办法')] },
      { code: 'empty-list', name: '没有印刷解读的清单', description: '', documents: [member('p-other', '莒政办发〔2023〕8号', '若干政策')] },
    ];
  }, 60_000);

  it('makes an A5 booklet per list of the printed interpretations resting on its documents, with contents, and the list\'s documents at the end with their pages', async () => {
    expect(await printChannel.afterLive!(deps, 'test')).toMatchObject({ built: 2, removed: 0 }); // 政在开讲's and one list's; a list with no printed interpretation has none
    expect(booklet('empty-list')).toBeUndefined();
    const made = booklet(LIVELIHOOD.code)!;
    expect(made.title).toBe('民生政策(服务)事项清单解读小册子');
    expect(made.body).toMatchObject({ list: { code: LIVELIHOOD.code, name: LIVELIHOOD.name } });
    expect((made.body.items as Array<{ documentId: string }>).map((i) => i.documentId)).toEqual(['i-assistance', 'i-insurance']); // newest first
    const { file, text: all } = text(made);
    expect(pageSizes(file).every(([w, h]) => w === 419.53 && h === 595.28)).toBe(true);
    for (const line of run('pdffonts', [file]).split('\n').slice(2).filter(Boolean)) expect(line).toMatch(/\byes\s+yes\s+yes\b/);
    const flat = all.replace(/\s/g, '');
    expect(flat).toContain('政策清单解读小册子民生政策(服务)事项清单');
    expect(flat).toContain('共2篇解读，清单所列政策文件3件');
    expect(flat).toContain('每季度更新一次');
    // The appendix: every document, by number; those explained name the page their interpretation starts on.
    const pages = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [file]))![1]);
    const appendix = text(made, [pages, pages]).text.replace(/\s/g, '');
    expect(appendix).toContain('附：清单所列政策文件');
    const start = (title: string) => Number(new RegExp(`${title.slice(0, 8)}[^\\n]*?\\s(\\d+)\\n`).exec(text(made, [2, 2]).text)![1]);
    expect(appendix).toContain(`1．莒县城乡医疗救助实施办法（莒医保发〔2024〕15号）见第${start('困难群众看病有兜底')}页`);
    expect(appendix).toContain(`2．关于做好2027年度城乡居民基本医疗保险参保缴费工作的通知（莒医保发〔2026〕18号）见第${start('2027年度城乡居民医保')}页`);
    expect(appendix).toMatch(/3．莒县公共租赁住房保障管理办法（莒政办发〔2024〕15号）(?!见)/);
    for (let n = 1; n <= pages; n += 1) expect(await inkInMargins(page(file, n, 40), 40, 10)).toBe(false);
    expect(await printChannel.afterLive!(deps, 'test')).toMatchObject({ built: 0 }); // nothing changed: left alone
  }, 60_000);

  it('rebuilds a list\'s booklet when a document joins or leaves the list, or a member document ends; removes it when none is left', async () => {
    const first = booklet(LIVELIHOOD.code)!.file.sha256;
    lists = [{ ...LIVELIHOOD, documents: [...lists[0].documents, member('p-industry', '莒政办发〔2023〕8号', '莒县支持实体经济高质量发展若干政策')] }];
    expect(await printChannel.afterLive!(deps, 'test')).toMatchObject({ built: 1, unchanged: 1 }); // the list's; the brand column's is unchanged
    expect((booklet(LIVELIHOOD.code)!.body.items as unknown[]).length).toBe(3);
    expect(booklet(LIVELIHOOD.code)!.file.sha256).not.toBe(first);

    ended.set('p-insurance', '2026-12-03'); // its end date passes: the interpretation resting on it, and the document, leave
    today = '2026-12-04';
    await printChannel.afterLive!(deps, 'sweep');
    const after = booklet(LIVELIHOOD.code)!;
    expect((after.body.items as Array<{ documentId: string }>).map((i) => i.documentId)).toEqual(['i-industry', 'i-assistance']);
    expect(text(after).text.replace(/\s/g, '')).not.toContain('莒医保发〔2026〕18号');

    lists = [{ ...LIVELIHOOD, documents: [member('p-rental', '莒政办发〔2024〕15号', '莒县公共租赁住房保障管理办法')] }];
    await printChannel.afterLive!(deps, 'test');
    expect(booklet(LIVELIHOOD.code)).toBeUndefined();
  }, 60_000);
});
