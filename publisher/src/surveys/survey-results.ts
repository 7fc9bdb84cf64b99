import { chinaDateTime } from '@tongyuan/document';
import { webTemplates } from '@tongyuan/templates';
import { loadExcel } from '../libraries';
import { countBars } from '../reports/charts';
import type { SurveyResponseRow } from '../store/survey-responses';
import type { Answer } from './survey-answers';
import type { Survey, SurveyQuestionKind } from './survey-source';

/**
 * A survey's results for its organizer: counts per option and per score (charts from the annual
 * report's chart library), the average rating, how many wrote a comment; and every response as an
 * Excel sheet with Chinese headers. Responses hold no name or phone (a registration is kept only as
 * a keyed hash); the comments themselves are in the sheet, for the organizer alone.
 */
const KIND_NAMES: Record<SurveyQuestionKind, string> = { single_choice: '单选', multiple_choice: '多选', rating: '评分', free_text: '文字意见' };

export interface QuestionResult {
  number: number; prompt: string; kind: SurveyQuestionKind; kindName: string; answered: number;
  counts: Array<{ name: string; count: number }>; average: number | null; texts: number;
}
export interface SurveyResults { documentId: string; title: string; department: string; responses: number; questions: QuestionResult[] }

const answersOf = (row: SurveyResponseRow) => JSON.parse(row.answers) as Answer[];

export function tallySurvey(survey: Survey, rows: SurveyResponseRow[]): SurveyResults {
  const all = rows.map(answersOf);
  return {
    documentId: survey.documentId, title: survey.title, department: survey.department?.name ?? '—', responses: rows.length,
    questions: survey.questions.map((q, i) => {
      const given = all.map((a) => a[i]).filter((a) => a && a.question === q.prompt && a.value !== null && a.value !== undefined);
      const values = given.flatMap((a) => (Array.isArray(a.value) ? a.value : [a.value]));
      const labels = q.kind === 'rating' ? ['1', '2', '3', '4', '5'] : q.options;
      const counts = q.kind === 'free_text' ? [] : labels.map((name) => ({ name: q.kind === 'rating' ? `${name} 分` : name, count: values.filter((v) => String(v) === name).length }));
      const scores = q.kind === 'rating' ? values.map(Number) : [];
      return {
        number: i + 1, prompt: q.prompt, kind: q.kind, kindName: KIND_NAMES[q.kind], answered: given.length, counts,
        average: scores.length ? Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 100) / 100 : null,
        texts: q.kind === 'free_text' ? given.length : 0,
      };
    }),
  };
}

export function surveyResultsHtml(results: SurveyResults, now: Date): string {
  return webTemplates.surveyResults({
    title: results.title, department: results.department, responses: results.responses, generatedAt: chinaDateTime(now),
    questions: results.questions.map((q) => ({
      ...q, average: q.average === null ? null : q.average.toFixed(2),
      chart: q.counts.length ? countBars(`survey-q${q.number}`, q.prompt, q.counts).svg : null,
    })),
  });
}

/** Two sheets: 汇总 (each option's count, each rating's average) and 答卷 (one row per response, one column per question). */
export async function surveyWorkbook(survey: Survey, rows: SurveyResponseRow[]): Promise<Buffer> {
  const results = tallySurvey(survey, rows);
  const book = new (loadExcel().Workbook)();
  book.creator = '同源发布服务';
  const summary = book.addWorksheet('汇总');
  summary.columns = [{ header: '题号', width: 6 }, { header: '题目', width: 40 }, { header: '题型', width: 10 }, { header: '选项或分值', width: 24 }, { header: '人次', width: 8 }];
  for (const q of results.questions) {
    for (const c of q.counts) summary.addRow([q.number, q.prompt, q.kindName, c.name, c.count]);
    if (q.average !== null) summary.addRow([q.number, q.prompt, q.kindName, '平均分', q.average]);
    if (q.kind === 'free_text') summary.addRow([q.number, q.prompt, q.kindName, '填写人数', q.texts]);
  }
  const sheet = book.addWorksheet('答卷');
  sheet.columns = [{ header: '回执编号', width: 20 }, { header: '提交时间', width: 20 }, ...survey.questions.map((q, i) => ({ header: `${i + 1}. ${q.prompt}`, width: q.kind === 'free_text' ? 50 : 20 }))];
  for (const row of rows) {
    const answers = answersOf(row);
    sheet.addRow([row.receipt, chinaDateTime(new Date(row.received_at)), ...survey.questions.map((_q, i) => {
      const v = answers[i]?.value;
      return Array.isArray(v) ? v.join('、') : v ?? '';
    })]);
  }
  for (const ws of [summary, sheet]) ws.getRow(1).font = { bold: true };
  return Buffer.from(await book.xlsx.writeBuffer());
}
