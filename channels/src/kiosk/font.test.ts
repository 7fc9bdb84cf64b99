import * as fontkit from 'fontkit';
import { kioskFont, kioskInterfaceText } from './font';

const lacking = (font: Buffer, text: string) => {
  const face = fontkit.create(font) as fontkit.Font;
  return [...new Set(text)].filter((ch) => !/\s/u.test(ch) && !face.hasGlyphForCodePoint(ch.codePointAt(0)!));
};

describe('the kiosk font', () => {
  it('has every character of the kiosk interface, read from the templates themselves (正在同步 once showed boxes)', async () => {
    const ui = kioskInterfaceText();
    expect(ui).toContain('正在同步');
    expect(ui).toContain('返回列表');
    const font = await kioskFont('莒县医疗保障局');
    expect(lacking(font, `${ui}莒县医疗保障局`)).toEqual([]);
  });

  it('carries the 生僻字 of items in the same file, from the fallback font', async () => {
    const items = '王𤭢住在𡋀村：城乡居民医保开始缴费';
    const font = await kioskFont(items);
    expect(lacking(font, `${kioskInterfaceText()}${items}`)).toEqual([]);
    // The rare glyph is an outline about one em wide, not an empty box.
    const glyph = (fontkit.create(font) as fontkit.Font).glyphForCodePoint(0x24b62);
    expect(glyph.advanceWidth).toBeGreaterThan(900);
    expect(glyph.path.commands.length).toBeGreaterThan(20);
  });
});
