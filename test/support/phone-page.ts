import type { Browser, Page } from 'playwright-core';

/**
 * The phone (390×844 CSS px at 2x) the funds suites read the county's pages on: one page per browser rather than a
 * new context per read, which cost Chromium about 0.4 CPU s each (some 25 reads a run). Its cache is off, as a new
 * context's is empty: the county's pages may be kept 60 s, and a read after a change must get the server's answer.
 * A read leaves it on a blank page (`leavePhone`), so the next one loads anew — even the same address with another #.
 */
const phones = new WeakMap<Browser, Promise<Page>>();

export function phonePage(browser: Browser): Promise<Page> {
  let page = phones.get(browser);
  if (!page) {
    page = openPhone(browser);
    phones.set(browser, page);
  }
  return page;
}

export async function leavePhone(page: Page): Promise<void> {
  await page.goto('about:blank');
}

async function openPhone(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  const devtools = await context.newCDPSession(page);
  await devtools.send('Network.enable');
  await devtools.send('Network.setCacheDisabled', { cacheDisabled: true });
  return page;
}
