import type { Frame, Page } from 'playwright-core';

/**
 * Names that stay as they are in a Chinese interface: products, formats, keys on the keyboard,
 * abbreviations Chinese officials write in Latin letters.
 */
export const ALLOWED_LATIN = new Set([
  'Strapi', 'WeChat', 'Weibo', 'GraphQL', 'API', 'ID', 'URL', 'JSON', 'Markdown', 'JPEG', 'PNG', 'WebP', 'PDF', 'CSV',
  'English', // the language picker names each language in itself
  'Ctrl', 'Cmd', 'Shift', 'Enter', 'Esc', 'AI', 'Webhook', 'Q&A', 'UTC', 'A', 'B', 'C', 'D', 'M', 'px', 'KB', 'MB',
]);

const FORMATS_AND_UNITS = /(?<![A-Za-z])(?:MP3|MP4|M4A|WAV|AAC|H\.264|kHz|Hz|LUFS|LKFS|dBTP|dB|\d+[ip]\d+)(?![A-Za-z])/g;

/**
 * What a person reads on the page that is English: runs of Latin words in the text on screen
 * (not text hidden for screen readers only), in placeholders, and in the labels of buttons and
 * links (shown as tooltips), less the allowed names and the given data (names and example codes
 * that are content, not interface). Each finding comes with a few characters around it. A frame
 * is read on its own (the preview's channel pages are frames inside a frame).
 */
export async function visibleEnglish(page: Page | Frame, data: string[] = []): Promise<string[]> {
  const texts = await page.evaluate(() => {
    const shown = (element: Element) => {
      const box = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      return box.width > 1 && box.height > 1 && style.visibility !== 'hidden' && style.display !== 'none';
    };
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(parent.tagName) || !node.textContent?.trim()) continue;
      if (shown(parent)) out.push(node.textContent);
    }
    for (const element of Array.from(document.querySelectorAll<HTMLElement>('[placeholder], button[aria-label], a[aria-label]'))) {
      if (!shown(element)) continue;
      out.push(element.getAttribute('placeholder') ?? '', element.tagName === 'INPUT' || element.tagName === 'TEXTAREA' ? '' : (element.getAttribute('aria-label') ?? ''));
    }
    return out;
  });
  const allowedData = data.filter(Boolean);
  const found = new Set<string>();
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const text of texts) {
    let rest = text;
    for (const item of allowedData) rest = rest.replace(new RegExp(`(?<![A-Za-z])${escape(item)}(?![A-Za-z])`, 'g'), ' ');
    // e-mail addresses (the home page's recent activity splits one into two text nodes: "@tongyuan.local"
    // alone), web addresses, example codes with hyphens (jx-medical-insurance-2026) are data; an
    // environment variable (PUBLISHER_HOOK_URL) is named as the operator sets it
    rest = rest.replace(/[\w.+-]*@[\w-]+(?:\.[\w-]+)+|https?:\/\/\S+|\b[a-z0-9]+(?:-[a-z0-9]+)+\b|\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g, ' ');
    // File formats, codecs and units are written in Latin letters in Chinese too (MP3、WAV、16 kHz、−24 LKFS、1080i25).
    rest = rest.replace(FORMATS_AND_UNITS, ' ');
    for (const match of rest.matchAll(/[A-Za-z][A-Za-z'’&]*(?:[ \t]+[A-Za-z][A-Za-z'’&]*)*/g)) {
      const words = match[0].split(/[ \t]+/).filter((w) => !ALLOWED_LATIN.has(w));
      if (words.length > 0) found.add(`${match[0]} 〔${rest.slice(Math.max(0, match.index! - 12), match.index! + match[0].length + 12).replace(/\s+/g, ' ').trim()}〕`);
    }
  }
  return [...found];
}

/** visibleEnglish in the page and every frame in it (Strapi's Preview shows the preview page in a frame, its channels in frames inside). */
export async function visibleEnglishInFrames(page: Page, data: string[] = []): Promise<string[]> {
  const found = await Promise.all(page.frames().map(async (frame) => {
    const where = frame === page.mainFrame() ? '' : `〔框架 ${frame.name() || frame.url().slice(0, 60)}〕`;
    return (await visibleEnglish(frame, data).catch(() => [] as string[])).map((text) => `${text}${where}`);
  }));
  return found.flat();
}

/**
 * Waits until the page's fonts have settled (its web fonts and 生僻字 faces loaded), before a screenshot or a measure of
 * widths. The CJK font is a system font to Chromium (launchChromium), as on staff's and readers' machines.
 */
export async function fontsSettled(page: Page): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
}
