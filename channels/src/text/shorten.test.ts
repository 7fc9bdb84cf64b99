import fc from 'fast-check';
import { shortenText, unclosedBrackets } from './shorten';

const codePoints = (text: string) => [...text].length;
const graphemes = (text: string) => [...new Intl.Segmenter('zh', { granularity: 'grapheme' }).segment(text)].map((s) => s.segment);

describe('shortenText', () => {
  it.each([
    ['关于（小规模纳税人减按1%征收增值税的公告）解读', 12, '关于（小规模纳税人减…）'],
    ['【重要】《关于做好2027年城乡居民基本医疗保障工作的通知》解读', 20, '【重要】《关于做好2027年城乡居民…》'],
    ['“免申即享”政策：符合条件的企业无需申请，直接享受补贴资金', 6, '“免申即…”'],
    ['（（（（（（（（（（（（', 10, '（（（（…））））'],
    ['一二三四五六七八九十。十一十二（十三十四十五', 15, '一二三四五六七八九十。'],
    ['短标题', 10, '短标题'],
  ])('shortens %s to %i characters as %s', (text, max, expected) => {
    expect(shortenText(text, max).text).toBe(expected);
  });

  it('never cuts a flag, a family joined with ZWJ, a keycap or a skin tone in half', () => {
    expect(shortenText('🇨🇳🇨🇳🇨🇳👨‍👩‍👧‍👦abc', 5).text).toBe('🇨🇳🇨🇳…');
    expect(shortenText('1️⃣👍🏽2️⃣👍🏽3️⃣', 6).text).toBe('1️⃣👍🏽…');
  });

  // Seeded: a failure prints the seed and the shrunk text, and runs again the same way.
  const pieces = fc.oneof(
    fc.constantFrom('（', '）', '【', '】', '《', '》', '“', '”', '"', '[', ']', '「', '」', '。', '，', '、', ' ', '…'),
    fc.constantFrom('政策', '补贴', '𠮷', '🇨🇳', '👨‍👩‍👧', '1️⃣', '👍🏽', 'é', 'a', '\u200d', '\ufe0f'),
  );
  const text = fc.array(pieces, { maxLength: 200 }).map((parts) => parts.join(''));

  it('keeps within the limit in code points, closes every bracket it cut open, and keeps whole graphemes', () => {
    fc.assert(fc.property(text, fc.integer({ min: 1, max: 160 }), (input, max) => {
      const { text: out, shortened } = shortenText(input, max);
      expect(codePoints(out)).toBeLessThanOrEqual(max);
      if (!shortened) return expect(out).toBe(input.trim());
      // Whatever was open in the kept part is closed.
      expect(unclosedBrackets(out)).toBe('');
      // What is kept is a run of the text's own graphemes from its start (then "…" and closers).
      const kept = graphemes(input.trim());
      const outGraphemes = graphemes(out);
      const prefix = outGraphemes.findIndex((g, i) => g !== kept[i]);
      if (prefix >= 0) expect(outGraphemes.slice(prefix).join('')).toMatch(/^…?[）】》”"\]」〕］｝}〗〙〛﹚﹞]*$/u);
    }), { seed: 1616, numRuns: 500 });
  });
});
