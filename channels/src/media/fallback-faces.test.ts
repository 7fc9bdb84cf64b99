import * as fontkit from 'fontkit';
import { fallbackFaceOfFileName, fallbackFacesOf, fallbackFileName, fallbackFontFaceCss, fallbackWoff2 } from './fallback-faces';
import { renderSitePage } from '../web/pages';

describe('fallback faces for pages, kiosks and the report', () => {
  it('adds nothing for a page without 生僻字, one rule per fallback piece for a page with them', () => {
    expect(fallbackFontFaceCss('城乡居民医保𠮷（Source Han Sans has 𠮷）', 'TY Rare', () => 'x')).toBe('');
    const css = fallbackFontFaceCss('王𤭢住在𡋀村，王𤭢', 'TY Rare', (face) => `/r/${fallbackFileName(face.codePoints)}`, [400]);
    expect(css.match(/@font-face/g)).toHaveLength(2); // 𤭢 and 𡋀 sit in different pieces of the package
    expect(css).toContain('src:url(/r/24B62.woff2) format("woff2");unicode-range:U+24B62;');
    expect(css).toContain('unicode-range:U+212C0;');
  });

  it('serves only names it would make: rare code points of one piece, ascending', () => {
    expect(fallbackFaceOfFileName('24B62.woff2')?.codePoints).toEqual([0x24b62]);
    for (const bad of ['4E2D.woff2', '24B62-24B62.woff2', '../etc/passwd', '24b62.woff2', 'E000.woff2', '24B62-212C0.woff2']) expect(fallbackFaceOfFileName(bad)).toBeNull();
  });

  it('cuts a WOFF2 holding exactly the asked characters', async () => {
    const woff2 = await fallbackWoff2(fallbackFacesOf('𤭢')[0]);
    const font = fontkit.create(woff2) as fontkit.Font;
    expect(font.hasGlyphForCodePoint(0x24b62)).toBe(true);
    expect(font.numGlyphs).toBeLessThanOrEqual(3);
    expect(woff2.length).toBeLessThan(4000);
  });

  it('portal pages name the fallback for their own rare characters only', () => {
    const site = { code: 'juxian', name: '莒县人民政府' };
    expect(renderSitePage(site, { title: '医保', content: '<p>城乡居民医保</p>' })).not.toContain('TY Rare";');
    expect(renderSitePage(site, { title: '医保', content: '<p>王𤭢</p>' })).toContain('@font-face{font-family:"TY Rare";font-weight:400;font-style:normal;font-display:swap;src:url(/assets/fonts/rare/24B62.woff2)');
  });
});
