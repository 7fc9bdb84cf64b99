import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { FONT_FILES } from '@tongyuan/channels';
import { temporaryFolder } from './temporary-folders';

/**
 * This machine has no CJK system font; staff's and readers' machines have one. So Chromium gets the bundled font
 * (Source Han Sans SC) as a system font through a fontconfig file: the page's own font stack and the publisher's
 * 生僻字 fallback faces are exercised as on readers' machines (no style forced over the page). Only FONT_FILES are
 * linked in (the package's folder also holds five more weights and WOFF2 copies fontconfig would scan: seconds of
 * CPU). The file, the links and fontconfig's cache (its <cachedir> first: written there, not in /var/cache) share
 * one folder, removed at exit — and, in jest (a copy of this module per test file, and a sandboxed `process` whose
 * 'exit' never fires), after the file by leftovers.ts (temporaryFolder).
 */
let fontconfigFile: string | undefined;
function bundledFontConfig(): string {
  if (fontconfigFile && existsSync(fontconfigFile)) return fontconfigFile;
  const dir = temporaryFolder('tongyuan-fonts-');
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const fonts = path.join(dir, 'fonts');
  mkdirSync(fonts);
  for (const font of Object.values(FONT_FILES)) symlinkSync(font, path.join(fonts, path.basename(font)));
  const file = path.join(dir, 'fonts.conf');
  writeFileSync(file, `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>
<cachedir>${dir}</cachedir><include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>${fonts}</dir></fontconfig>`);
  return (fontconfigFile = file);
}

/**
 * Debian's Chromium, headless, with the flags this network needs (no calls home, no sandbox as root) and the
 * bundled CJK font as a system font (above); `args` are added to the flags (a fake camera, say).
 */
export function launchChromium(options: { args?: string[] } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...(options.args ?? [])],
    env: { ...process.env, FONTCONFIG_FILE: bundledFontConfig() },
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
