import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { resolveFfmpeg } from '../media/ffmpeg';
import { missingGlyphs } from '../media/fonts';
import { wrapText } from '../media/draw';
import { renderTitleCard } from './slides';

describe('the bundled font', () => {
  it('draws Extension B characters such as 𠮷 and full-width punctuation, and names what it cannot draw', () => {
    expect(missingGlyphs('𠮷家村：补贴 5%（每亩125元）')).toEqual([]);
    expect(missingGlyphs('政策速递📢✅')).toEqual(['📢', '✅']);
  });
});

describe('renderTitleCard', () => {
  const card = { brand: '政在开讲', title: "𠮷家村：小规模纳税人减按1%征收增值税，'月销售额10万元以下'免征", department: '国家税务总局山西省税务局', date: '2026年11月23日' };

  /** White pixels (title colour) in a band of the frame, decoded by resvg from the PNG itself. */
  function whitePixels(png: Buffer, band: { top: number; bottom: number }): number {
    const { pixels } = new Resvg(
      `<svg xmlns="http://www.w3.org/2000/svg" width="1920" height="1080"><image href="data:image/png;base64,${png.toString('base64')}" width="1920" height="1080"/></svg>`,
      { fitTo: { mode: 'original' } },
    ).render();
    let count = 0;
    for (let y = band.top; y < band.bottom; y += 2) {
      for (let x = 0; x < 1920; x += 2) {
        const i = (y * 1920 + x) * 4;
        if (pixels[i] > 240 && pixels[i + 1] > 240 && pixels[i + 2] > 240) count += 1;
      }
    }
    return count;
  }

  it('draws a 1920×1080 frame whose title lines are inside the margins and the frame', () => {
    const png = renderTitleCard(card);
    writeFileSync(path.join(os.tmpdir(), 'tongyuan-title-card.png'), png); // kept for a look
    expect(png.readUInt32BE(16)).toBe(1920);
    expect(png.readUInt32BE(20)).toBe(1080);
    expect(whitePixels(png, { top: 300, bottom: 700 })).toBeGreaterThan(5000); // the title is there
    expect(whitePixels(png, { top: 0, bottom: 250 })).toBe(0); // nothing white above it
    const long = renderTitleCard({ ...card, title: '长'.repeat(200) });
    expect(whitePixels(long, { top: 700, bottom: 900 })).toBe(0); // a very long title stops at three lines
  });

  it('refuses text the font cannot draw, naming the characters', () => {
    expect(() => renderTitleCard({ ...card, title: '📢政策速递' })).toThrow('内置字体缺少这些字符，无法绘制：📢');
  });
});

describe('wrapText', () => {
  it('wraps CJK by characters and never starts a line with closing punctuation', () => {
    const lines = wrapText('城乡居民医保开始缴费，每人400元，截至12月31日。', 10);
    expect(lines.every((l) => !/^[，。]/u.test(l))).toBe(true);
    expect(lines.join('')).toBe('城乡居民医保开始缴费，每人400元，截至12月31日。');
  });
});

describe('ffmpeg', () => {
  it('is found without a shell or a download, and says which one', () => {
    const ffmpeg = resolveFfmpeg({});
    expect(['ffmpeg-static', '@ffmpeg-installer/ffmpeg']).toContain(ffmpeg.source);
    expect(ffmpeg.version).toMatch(/^ffmpeg version/);
  });
});
