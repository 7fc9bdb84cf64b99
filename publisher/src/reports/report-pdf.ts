import type { Browser, BrowserContext } from 'playwright-core';
import { PublisherError } from '../errors';

/**
 * The printable report and posters: an HTML page printed by headless Chromium to A4. The page is
 * self-contained (font and charts inline), so nothing is fetched. One Chromium per process, started
 * with the first PDF and kept for the next (starting one costs seconds of CPU, a page far less); each
 * PDF gets a context of its own (no cookies, cache or storage shared between them), closed whatever
 * happens. A Chromium that crashed or was killed is started again by the next PDF; the wiring step
 * closes it when the process stops (main/api.ts), and one left idle is closed to give its memory back.
 */
export interface ReportPrinterOptions {
  /** Debian's /usr/bin/chromium unless told otherwise. */
  chromiumPath?: string;
  /** Chromium closes after this long without a PDF (ms): reports are printed in bursts, a browser waiting costs memory. */
  idleMs?: number;
}

export interface PrintOptions {
  /** Give up after this long (ms); the default suits a report of a few dozen pages. */
  timeoutMs?: number;
}

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The same margins as the stylesheet's @page rule; Chromium takes the CSS ones, these are for a page without it. */
const MARGIN = { top: '16mm', right: '14mm', bottom: '18mm', left: '14mm' };

export class ReportPrinter {
  private browser: Promise<Browser> | undefined;
  private printing = 0;
  private idle: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: ReportPrinterOptions = {}) {}

  async print(html: string, options: PrintOptions = {}): Promise<Buffer> {
    const timeout = options.timeoutMs ?? 60_000;
    this.printing += 1;
    clearTimeout(this.idle);
    try {
      const context = await this.newContext(timeout);
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
      }
    } finally {
      this.printing -= 1;
      if (this.printing === 0 && !this.closed) this.idle = setTimeout(() => void this.stopBrowser(), this.options.idleMs ?? 10 * 60_000).unref();
    }
  }

  /** Closes Chromium, waiting for it; a PDF asked for afterwards is refused (the process is stopping). */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.idle);
    await this.stopBrowser();
  }

  /** A fresh context on the running Chromium, or on one started now: at the first PDF, after an idle close, or when the last one died. */
  private async newContext(timeout: number): Promise<BrowserContext> {
    const browser = await this.started(timeout);
    try {
      return await browser.newContext({ offline: true });
    } catch (error) {
      if (browser.isConnected()) throw error;
      return (await this.started(timeout)).newContext({ offline: true }); // it died since the last PDF, before anyone noticed
    }
  }

  private async started(timeout: number, again = true): Promise<Browser> {
    if (this.closed) throw new PublisherError('RENDER_FAILED', '发布服务正在停止，无法生成 PDF：请稍后重试');
    const launching = this.browser ?? this.launch(timeout);
    const browser = await launching; // a start that failed fails this PDF, and is forgotten for the next
    if (browser.isConnected() || !again) return browser;
    if (this.browser === launching) this.browser = undefined;
    return this.started(timeout, false);
  }

  private launch(timeout: number): Promise<Browser> {
    const chromiumPath = this.options.chromiumPath ?? '/usr/bin/chromium';
    const launching = import('playwright-core').then(({ chromium }) => chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS, headless: true, timeout }))
      // Said so a clerk printing a poster knows the web page still works, and the log (the cause) tells the operator which path failed.
      .catch((error: unknown) => {
        throw new PublisherError('PDF_UNAVAILABLE', '暂时无法生成 PDF：服务器上用于排版的 Chromium 无法启动，已记录日志。网页版照常可以查看；' +
          '请联系运维：安装 Debian 的 chromium 软件包，或把 CHROMIUM_PATH 设为 Chromium 的路径后重启', { cause: error, details: { chromiumPath } });
      });
    this.browser = launching;
    const forget = () => { if (this.browser === launching) this.browser = undefined; };
    launching.then((browser) => browser.on('disconnected', forget), forget);
    return launching;
  }

  private async stopBrowser(): Promise<void> {
    const browser = this.browser;
    this.browser = undefined;
    await (await browser?.catch(() => undefined))?.close().catch(() => undefined);
  }
}
