import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

/**
 * The printable report: the HTML page printed by headless Chromium to A4. The page is
 * self-contained (font and charts inline), so nothing is fetched; a fresh profile each time
 * keeps runs independent, and the browser is closed whatever happens.
 */
export interface ReportPdfOptions {
  /** Debian's /usr/bin/chromium unless told otherwise. */
  chromiumPath?: string;
  /** Give up after this long (ms); the default suits a report of a few dozen pages. */
  timeoutMs?: number;
}

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The same margins as the stylesheet's @page rule; Chromium takes the CSS ones, these are for a page without it. */
const MARGIN = { top: '16mm', right: '14mm', bottom: '18mm', left: '14mm' };

export async function renderReportPdf(html: string, options: ReportPdfOptions = {}): Promise<Buffer> {
  const timeout = options.timeoutMs ?? 60_000;
  const profile = await mkdtemp(path.join(os.tmpdir(), 'tongyuan-report-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: options.chromiumPath ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
    offline: true,
    timeout,
  });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(timeout);
    // Everything is inline; a request would be a mistake in the page, and must not leave this machine.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    await page.evaluate('document.fonts.ready.then(() => true)'); // the embedded faces decoded before printing
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true, margin: MARGIN, tagged: true, outline: true });
    return Buffer.from(pdf);
  } finally {
    await context.close().catch(() => undefined);
    await rm(profile, { recursive: true, force: true });
  }
}
