import { RenditionRefused } from '../channel';
import { canDraw, drawnTextFindings, fallbackCharacters, forScreen, mainHasGlyph, missingGlyphs } from './fonts';
import { measureText, textToSvg } from './glyphs';

// 𤭢 (U+24B62) and 𡋀 (U+212C0): Extension B characters Source Han Sans SC does not have.
const RARE = ['𤭢', '𡋀'];

describe('the fallback font for 生僻字', () => {
  it('draws what Source Han Sans lacks: Extensions B to F', () => {
    for (const ch of RARE) {
      expect(mainHasGlyph(ch.codePointAt(0)!)).toBe(false);
      expect(canDraw(ch.codePointAt(0)!)).toBe(true);
    }
    // One character of each block B, C, D, E and F.
    for (const cp of [0x24b62, 0x2a7dd, 0x2b7f9, 0x2cbbf, 0x2ebe0]) expect(canDraw(cp)).toBe(true);
    expect(missingGlyphs(`王${RARE.join('')}村`)).toEqual([]);
    expect(fallbackCharacters(`王${RARE[0]}住在${RARE[1]}村`)).toEqual(RARE);
  });

  it('draws a rare character as outlines at its own width, beside the main font', () => {
    const svg = textToSvg({ text: `王${RARE[0]}`, x: 0, y: 100, size: 100, fill: '#000' });
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(measureText(`王${RARE[0]}`, 100)).toBeGreaterThan(180);
    expect(measureText(`王${RARE[0]}`, 100)).toBeLessThan(220);
  });

  it('leaves out what cannot be drawn instead of refusing (a ZWJ sequence used to fail five channels)', () => {
    const svg = textToSvg({ text: '家👨‍👩‍👧\u202E惠\u200D民', x: 0, y: 100, size: 100, fill: '#000' });
    expect(svg.match(/<path /g)).toHaveLength(3);
    expect(forScreen(' 家👨‍👩‍👧\u202E惠\u200D民 ')).toBe('家惠民');
  });

  it('refuses, by name, a character no bundled font has (Extension G is beyond the fallback)', () => {
    const ch = String.fromCodePoint(0x30000);
    expect(() => textToSvg({ text: `王${ch}`, x: 0, y: 0, size: 10, fill: '#000' })).toThrow(RenditionRefused);
    expect(() => textToSvg({ text: `王${ch}`, x: 0, y: 0, size: 10, fill: '#000' })).toThrow(`“${ch}”（U+30000）`);
  });
});

describe('drawnTextFindings: preflight for drawn text', () => {
  it('warns once per kind left out, in plain Chinese, and never shows the invisible character', () => {
    const findings = drawnTextFindings({ title: '👨‍👩‍👧‍👦政策🇨🇳第1️⃣条\u202E惠民\u202C', 'keyPoints[0].text': '普通文字' }, '视频');
    expect(findings.map((f) => [f.level, f.field, f.message])).toEqual([
      ['warning', 'title', '带方框的数字符号在视频里只显示其中的数字'],
      ['warning', 'title', '旗帜符号不会出现在视频里'],
      ['warning', 'title', '表情符号不会出现在视频里'],
      ['warning', 'title', '不可见的控制字符（零宽字符、文字方向控制符等）已去掉'],
    ]);
    for (const f of findings) expect(f.message).not.toMatch(/[\u200D\u202E\u202C]/u);
  });

  it('says which 生僻字 the fallback draws, and errs naming what nothing can draw', () => {
    const ch = String.fromCodePoint(0x30000);
    const findings = drawnTextFindings([{ field: 'title', text: `王${RARE[0]}与李${ch}` }]);
    expect(findings).toEqual([
      expect.objectContaining({ level: 'info', field: 'title', message: expect.stringContaining(RARE[0]) }),
      expect.objectContaining({ level: 'error', field: 'title', message: expect.stringContaining(`以下字符在图片和视频里无法显示：“${ch}”（U+30000）`) }),
    ]);
  });
});
