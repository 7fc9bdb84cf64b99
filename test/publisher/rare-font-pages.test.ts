import { renderSitePage } from '@tongyuan/channels';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { registerFontRoutes } from '../../publisher/src/api/routes/fonts';
import { launchChromium, rareFacesOf } from '../support/browser';

/**
 * A portal page naming a villager (王𤭢) and a village (𡋀村), Extension B characters few readers'
 * fonts have, opened in Chromium: the page asks the publisher's font route for exactly those
 * characters, and the faces load; a page without 生僻字 downloads no font at all.
 */
describe('生僻字 on portal pages', () => {
  let app: FastifyInstance;
  let base: string;
  let browser: Browser;
  const site = { code: 'juxian', name: '莒县人民政府' };
  const pages: Record<string, string> = {
    '/rare.html': renderSitePage(site, { title: '王𤭢一家住在𡋀村', content: '<h1>王𤭢一家住在𡋀村</h1><p>请到<strong>𡋀村</strong>村委会缴费。</p>', column: 'interpretations' }),
    '/plain.html': renderSitePage(site, { title: '医保缴费', content: '<h1>医保缴费</h1><p>请到村委会缴费。</p>', column: 'interpretations' }),
  };

  beforeAll(async () => {
    app = Fastify();
    registerFontRoutes(app);
    for (const [url, html] of Object.entries(pages)) app.get(url, async (_request, reply) => reply.type('text/html; charset=utf-8').send(html));
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function open(path: string) {
    const page = await browser.newPage();
    const fonts: string[] = [];
    page.on('response', (response) => { if (response.url().includes('/assets/fonts/')) fonts.push(`${response.status()} ${new URL(response.url()).pathname}`); });
    await page.goto(`${base}${path}`);
    const faces = await rareFacesOf(page);
    await page.close();
    return { fonts: fonts.sort(), faces: faces.sort() };
  }

  it('loads the fallback for the page\'s own rare characters, and nothing else', async () => {
    expect(await open('/rare.html')).toEqual({
      fonts: ['200 /assets/fonts/rare/212C0.woff2', '200 /assets/fonts/rare/24B62.woff2'],
      faces: ['U+212C0 loaded', 'U+24B62 loaded'],
    });
  }, 60_000);

  it('a page without 生僻字 downloads no font from the publisher', async () => {
    expect(await open('/plain.html')).toEqual({ fonts: [], faces: [] });
  }, 60_000);

  it('refuses a name that is not a cut of the fallback', async () => {
    const response = await fetch(`${base}/assets/fonts/rare/4E2D.woff2`); // 中: every font has it
    expect(response.status).toBe(404);
    expect((await response.json()).message).toContain('生僻字编码');
  });
});
