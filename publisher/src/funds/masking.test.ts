import fc from 'fast-check';
import { configSchema } from '../config';
import { maskIdNumber, maskName, type MaskRule } from './masking';

const RULE: MaskRule = { FUND_NAME_MASK: 'middle', FUND_ID_SHOWN: [4, 4] };
const idRuleAccepted = (value: string) => configSchema.shape.FUND_ID_SHOWN.safeParse(value).success;
const graphemes = (text: string) => [...new Intl.Segmenter('zh', { granularity: 'grapheme' }).segment(text)].map((s) => s.segment);

describe('masking payees on public outputs', () => {
  it.each([
    ['张三', '张*'], ['张三丰', '张*丰'], ['欧阳娜娜', '欧**娜'], ['阿不都·热合曼', '阿*****曼'], ['𠮷野家', '𠮷*家'], ['王', '*'],
  ])('hides the middle of %s as %s', (name, masked) => {
    expect(maskName(name, RULE)).toBe(masked);
  });

  it('shows only the first character under the surname rule', () => {
    expect(maskName('张三丰', { ...RULE, FUND_NAME_MASK: 'surname' })).toBe('张**');
  });

  it('hides the birth date and more of an ID number, by the deployment\'s rule', () => {
    expect(maskIdNumber('43122519800101123X', RULE)).toBe('4312**********123X');
    expect(maskIdNumber('43122519800101123X', { ...RULE, FUND_ID_SHOWN: [6, 4] })).toBe('431225********123X');
    expect(maskIdNumber('43122519800101123X', { ...RULE, FUND_ID_SHOWN: [0, 0] })).toBe('*'.repeat(18));
  });

  it('refuses a rule that would show the birth date', () => {
    expect(idRuleAccepted('6,6')).toBe(false);
    expect(idRuleAccepted('6,4')).toBe(true);
    expect(idRuleAccepted('4')).toBe(false);
  });

  it('never shows more than the first and last character of any name, and never splits a character', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), fc.constantFrom('𠮷', '𪚥', '龘', '·', '👨‍👩‍👧')), { minLength: 1, maxLength: 12 }), (parts) => {
      const name = parts.join('').trim();
      fc.pre(name.length > 0);
      const masked = maskName(name, RULE);
      const shown = graphemes(masked).filter((g) => g !== '*');
      const original = graphemes(name);
      expect(shown.length).toBeLessThanOrEqual(original.length >= 3 ? 2 : 1);
      for (const g of shown) expect(original).toContain(g);
    }), { seed: 20261204, numRuns: 500 });
  });
});
