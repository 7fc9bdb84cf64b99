import fc from 'fast-check';
import { textField } from '../../../test/support/adversarial-text';
import { PublisherError } from '../errors';
import { checkTurn, TURN_MAX_CHARS } from './turn-input';

const MARKUP = /<\s*\/?\s*[a-z!?][^>]*>|<\s*script|javascript\s*:|\bon[a-z]+\s*=/i;
const refusal = (input: unknown) => { try { checkTurn(input); return null; } catch (e) { return e as PublisherError; } };

it('takes a speaker and what was said, trimmed, with the 精彩片段 mark', () => {
  expect(checkTurn({ speaker: ' 周建华 ', text: '能数据比对的“免申即享”。\r\n', highlight: true })).toEqual({ speaker: '周建华', text: '能数据比对的“免申即享”。', highlight: true });
  expect(checkTurn({ speaker: '网友提问', text: '多久到账？' }).highlight).toBe(false);
});

it.each([
  ['no speaker', { text: '你好' }, '发言人'],
  ['a blank text', { speaker: '主持人', text: '   ' }, '发言内容'],
  ['a script', { speaker: '主持人', text: '<script>alert(1)</script>' }, '网页代码'],
  ['a 50,000-character turn', { speaker: '主持人', text: '话'.repeat(50_000) }, `最多 ${TURN_MAX_CHARS} 字`],
  ['a speaker of 51 characters', { speaker: '名'.repeat(51), text: '你好' }, '发言人最多 50 字'],
])('refuses %s in Chinese', (_what, input, message) => {
  const error = refusal(input);
  expect(error).toBeInstanceOf(PublisherError);
  expect(error!.status).toBe(400);
  expect(error!.publicMessage).toContain(message);
});

it('never lets markup through and never fails other than with a Chinese refusal (adversarial text, seeded)', () => {
  fc.assert(fc.property(textField, textField, (speaker, text) => {
    const error = refusal({ speaker, text });
    if (error) return expect(error.status).toBe(400);
    const turn = checkTurn({ speaker, text });
    expect(MARKUP.test(turn.speaker) || MARKUP.test(turn.text)).toBe(false);
    expect(turn.text.length).toBeGreaterThan(0);
  }), { seed: 20, numRuns: 300 });
});
