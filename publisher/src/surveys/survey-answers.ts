import { PublisherError } from '../errors';
import { checkText } from '../questions/question-input';
import type { Survey } from './survey-source';

/**
 * A survey's answers checked before anything is stored: each required question answered, a choice
 * among the question's own options, a rating a whole number from 1 to 5, free text plain words of at
 * most SURVEY_TEXT_MAX_CHARS (the question desk's rules: no markup, no binary). Each refusal names
 * the question (第 N 题) and says what to change.
 */
export const SURVEY_TEXT_MAX_CHARS = 1000;

export type Answer = { question: string; kind: string; value: string | string[] | number | null };
/** The form's fields: q0, q1, … (a multiple choice posts its field once per ticked box). */
export type SurveyForm = Record<string, unknown>;

const refuse = (message: string, index: number) => new PublisherError('SURVEY_INVALID', message, { details: { field: `q${index}` } });
const values = (raw: unknown): string[] => (Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw]).filter((v): v is string => typeof v === 'string' && v !== '');

export function checkAnswers(survey: Survey, form: SurveyForm): Answer[] {
  return survey.questions.map((question, index) => {
    const n = `第 ${index + 1} 题（${question.prompt}）`;
    const given = values(form[`q${index}`]);
    if (given.length === 0 || (question.kind === 'free_text' && given.every((v) => v.trim() === ''))) {
      if (question.required) throw refuse(`${n}必须回答`, index);
      return { question: question.prompt, kind: question.kind, value: null };
    }
    if (given.length > 1 && question.kind !== 'multiple_choice') throw refuse(`${n}只能有一个答案`, index);
    switch (question.kind) {
      case 'single_choice':
        if (!question.options.includes(given[0])) throw refuse(`${n}的答案不在选项中：请从列出的选项里选一个`, index);
        return { question: question.prompt, kind: question.kind, value: given[0] };
      case 'multiple_choice': {
        const unknown = given.find((v) => !question.options.includes(v));
        if (unknown !== undefined) throw refuse(`${n}的答案不在选项中：请从列出的选项里勾选`, index);
        return { question: question.prompt, kind: question.kind, value: question.options.filter((o) => given.includes(o)) };
      }
      case 'rating': {
        const score = /^[1-5]$/.test(given[0].trim()) ? Number(given[0].trim()) : NaN;
        if (!Number.isInteger(score)) throw refuse(`${n}请打 1 到 5 分（5 分最满意）`, index);
        return { question: question.prompt, kind: question.kind, value: score };
      }
      case 'free_text': {
        let text: string;
        try {
          text = checkText(given[0], `q${index}`, n, SURVEY_TEXT_MAX_CHARS);
        } catch (error) {
          throw refuse((error as PublisherError).publicMessage, index);
        }
        return { question: question.prompt, kind: question.kind, value: text || null };
      }
    }
  });
}
