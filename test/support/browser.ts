import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, headless, with the flags this network needs (no calls home, no sandbox as root). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The publisher's fallback faces for 生僻字 the page uses, each with its state once fonts settle ("U+212C0 loaded"). */
export function rareFacesOf(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    await document.fonts.ready;
    const found: string[] = [];
    document.fonts.forEach((face) => { if (face.family.includes('TY Rare')) found.push(`${face.unicodeRange} ${face.status}`); });
    return found;
  });
}
