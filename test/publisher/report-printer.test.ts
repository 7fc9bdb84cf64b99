import { readdirSync, readFileSync } from 'node:fs';
import { PublisherError } from '../../publisher/src/errors';
import { ReportPrinter } from '../../publisher/src/reports/report-pdf';
import { waitFor } from '../support/processes';

/**
 * The publisher's one Chromium for PDFs (publisher/src/reports/report-pdf.ts): started with the first
 * PDF and kept for the next ones, also when several are asked for at once; started again when it was
 * killed or closed after a quiet while; closed with the process, after which a PDF is refused.
 */
const page = (title: string) => `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1></body></html>`;

/** The Chromium browser processes this test process started (Debian's launcher execs the real binary in place). */
function chromiumChildren(): number[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).flatMap((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(') ') + 2).split(' ')[1]);
      return parent === process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('chromium') ? [Number(pid)] : [];
    } catch {
      return []; // gone meanwhile
    }
  });
}

/** Those the printer started: not a browser an earlier file of this jest worker may have left. */
const before = new Set(chromiumChildren());
const chromiums = () => chromiumChildren().filter((pid) => !before.has(pid));

async function printed(printer: ReportPrinter, title: string): Promise<void> {
  const pdf = await printer.print(page(title));
  expect([title, pdf.subarray(0, 5).toString()]).toEqual([title, '%PDF-']);
}

it('prints every PDF on one Chromium, starts another when it dies or after a quiet while, and closes it with the process', async () => {
  const printer = new ReportPrinter({ idleMs: 1500 });
  try {
    expect(chromiums()).toEqual([]); // nothing until the first PDF
    await printed(printer, '第一份');
    const [first] = chromiums();
    expect(first).toBeGreaterThan(0);
    await Promise.all(['同时一', '同时二', '同时三'].map((title) => printed(printer, title)));
    await printed(printer, '之后');
    expect(chromiums()).toEqual([first]);

    // Killed (as a crash would): the next PDF is printed on a new one, without an error to the reader.
    process.kill(first, 'SIGKILL');
    await printed(printer, '崩溃之后');
    const [second] = chromiums();
    expect(second).not.toBe(first);
    expect(chromiums()).toEqual([second]);

    // Quiet for longer than idleMs: closed, and the next PDF starts one again.
    await waitFor('Chromium closed when idle', async () => chromiums().length === 0, 10_000, 100);
    await printed(printer, '空闲之后');
    expect(chromiums()).toHaveLength(1);
  } finally {
    await printer.close();
  }
  expect(chromiums()).toEqual([]);
  const refused = await printer.print(page('停止之后')).catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(PublisherError);
  expect((refused as PublisherError).code).toBe('RENDER_FAILED');
  expect(chromiums()).toEqual([]);
});

it('says in Chinese that PDFs wait for Chromium when it cannot start, and prints once it can', async () => {
  const missing = new ReportPrinter({ chromiumPath: '/nonexistent/chromium' });
  try {
    const refused = await missing.print(page('没有 Chromium')).then(() => null, (error: unknown) => error);
    expect(refused).toBeInstanceOf(PublisherError);
    expect(refused).toMatchObject({ code: 'PDF_UNAVAILABLE', status: 503, expose: true, details: { chromiumPath: '/nonexistent/chromium' } });
    expect((refused as PublisherError).publicMessage).toMatch(/网页版照常可以查看.*CHROMIUM_PATH/);
    expect(String(((refused as PublisherError).cause as Error).message)).toContain('/nonexistent/chromium'); // for the log
    expect((await missing.print(page('再试')).catch((error: PublisherError) => error.code))).toBe('PDF_UNAVAILABLE'); // tried again, not remembered as started
  } finally {
    await missing.close();
  }
  const working = new ReportPrinter();
  try {
    await printed(working, '有 Chromium');
  } finally {
    await working.close();
  }
});
