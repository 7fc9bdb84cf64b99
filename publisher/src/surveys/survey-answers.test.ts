import fc from 'fast-check';
import { PAYLOADS, textField } from '../../../test/support/adversarial-text';
import { PublisherError } from '../errors';
import { checkAnswers, SURVEY_TEXT_MAX_CHARS } from './survey-answers';
import type { Survey } from './survey-source';

/** The survey answer checks: what a respondent may send, and the Chinese message for what they may not. */
const survey: Survey = {
  documentId: 's1', title: '开放日满意度', intro: null, site: { code: 'juxian-portal', name: '莒县' }, department: { code: 'jx-tax', name: '莒县税务局' },
  eventId: null, opensAt: null, closesAt: null,
  questions: [
    { prompt: '您从哪里得知本次活动', kind: 'single_choice', options: ['网站', '微信', '朋友'], required: true },
    { prompt: '您关心哪些事项', kind: 'multiple_choice', options: ['办税', '社保', '医保'], required: false },
    { prompt: '总体评价', kind: 'rating', options: [], required: true },
    { prompt: '意见建议', kind: 'free_text', options: [], required: false },
  ],
};
const MARKUP = /<\s*\/?\s*[a-z!?][^>]*>|<\s*script|javascript\s*:|\bon[a-z]+\s*=/i;
const refusal = (form: Record<string, unknown>) => {
  try {
    checkAnswers(survey, form);
  } catch (error) {
    expect(error).toBeInstanceOf(PublisherError);
    return error as PublisherError;
  }
  throw new Error('accepted');
};

it('keeps valid answers in the survey\'s order, a multiple choice in the options\' order', () => {
  expect(checkAnswers(survey, { q0: '微信', q1: ['医保', '办税'], q2: '4', q3: '  建议周末也开放  ' })).toEqual([
    { question: '您从哪里得知本次活动', kind: 'single_choice', value: '微信' },
    { question: '您关心哪些事项', kind: 'multiple_choice', value: ['办税', '医保'] },
    { question: '总体评价', kind: 'rating', value: 4 },
    { question: '意见建议', kind: 'free_text', value: '建议周末也开放' },
  ]);
});

it('refuses with a Chinese message naming the question', () => {
  expect(refusal({ q2: '5' }).publicMessage).toBe('第 1 题（您从哪里得知本次活动）必须回答');
  expect(refusal({ q0: '电视', q2: '5' }).publicMessage).toContain('不在选项中');
  for (const score of ['0', '6', '4.5', '五', '-1', '']) expect(refusal({ q0: '网站', q2: score }).publicMessage).toMatch(/第 3 题.*(1 到 5 分|必须回答)/);
  expect(refusal({ q0: ['网站', '微信'], q2: '3' }).publicMessage).toContain('只能有一个答案');
  expect(refusal({ q0: '网站', q2: '3', q3: '好'.repeat(50_000) }).publicMessage).toBe(`第 4 题（意见建议）最多 ${SURVEY_TEXT_MAX_CHARS} 字，现在有 50000 字：请精简后再提交`);
  expect(refusal({ q0: '网站', q2: '3', q3: '<script>alert(1)</script>' }).publicMessage).toContain('不能包含网页代码');
  expect(refusal({ q0: '网站', q2: '3', q3: '<script>alert(1)</script>' }).code).toBe('SURVEY_INVALID');
});

it('never lets markup through in free text, whatever the text (adversarial, seeded)', () => {
  fc.assert(fc.property(textField, fc.constantFrom(...PAYLOADS), fc.boolean(), (text, payload, hostile) => {
    const body = hostile ? `${text}${payload}` : text;
    let answers;
    try {
      answers = checkAnswers(survey, { q0: '网站', q2: '5', q3: body });
    } catch (error) {
      // A refusal is always ours, in Chinese, naming the question.
      expect(error).toBeInstanceOf(PublisherError);
      expect((error as PublisherError).code).toBe('SURVEY_INVALID');
      expect((error as PublisherError).publicMessage).toMatch(/^第 4 题/);
      return;
    }
    const value = answers[3].value;
    // Markup (a tag, a javascript: link, an event handler) is never accepted; escaped entities and {{…}} are only text.
    if (MARKUP.test(body)) throw new Error(`accepted markup: ${JSON.stringify(body).slice(0, 200)}`);
    if (value !== null) {
      expect(typeof value).toBe('string');
      expect([...(value as string)].length).toBeLessThanOrEqual(SURVEY_TEXT_MAX_CHARS);
      expect(value).not.toMatch(MARKUP);
    }
  }), { seed: 20261203, numRuns: 400 });
});
