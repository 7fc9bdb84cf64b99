import { authoredTexts, authoredTextsHash } from '@tongyuan/document';
import { BASE_DICTIONARY } from './base-dictionary';
import { checkTexts, sentenceAround } from './document-texts';
import { NormsMatcher } from './matcher';

const matcher = new NormsMatcher(BASE_DICTIONARY, [], 'test');

describe('norms findings in authored texts', () => {
  it('names a component\'s text by the CMS field path the one-click fix writes to, with its sentence around the wrong form', () => {
    const texts = authoredTexts('interpretation', {
      title: '标题', keyPoints: [{ heading: '一', text: '正确。' }, { heading: '二', text: '第一句。全县深入开展扫黑险恶专项斗争，成效明显。第三句。' }],
      overrides: [{ channel: 'wechat', narration: '持续推进扫黑险恶' }],
    });
    const found = checkTexts(matcher, texts).filter((f) => f.severity === 'serious');
    expect(found.map((f) => [f.field, f.label, f.before, f.found, f.after])).toEqual([
      ['keyPoints.1.text', '要点 2', '全县深入开展', '扫黑险恶', '专项斗争，成效明显。'],
      ['overrides.0.narration', 'wechat 渠道定制', '持续推进', '扫黑险恶', ''],
    ]);
    const point = texts.find((t) => t.field === 'keyPoints.1.text')!.text;
    expect(point.slice(found[0].start, found[0].end)).toBe('扫黑险恶');
  });

  it('cuts a long sentence to thirty characters either side, marked with an ellipsis', () => {
    const text = `${'甲'.repeat(50)}扫黑险恶${'乙'.repeat(50)}`;
    const { before, after } = sentenceAround(text, 50, 54);
    expect(before).toBe(`…${'甲'.repeat(30)}`);
    expect(after).toBe('乙'.repeat(30));
  });

  it('hashes the wording: any text changed, the hash changes; a policy document\'s texts are its full text and clauses', () => {
    const a = authoredTexts('policy-document', { title: '办法', fullText: '全文', clauses: [{ text: '第一条' }] });
    expect(a.map((t) => t.field)).toEqual(['title', 'fullText', 'clauses.0.text']);
    expect(authoredTextsHash(a)).not.toBe(authoredTextsHash(authoredTexts('policy-document', { title: '办法', fullText: '全文', clauses: [{ text: '第一条。' }] })));
  });
});
