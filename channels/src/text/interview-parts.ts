import { chinaDateTime, type Interpretation } from '../document/types';

/**
 * What every channel tells about a 在线访谈 (an interpretation of format 访谈), in one wording: the
 * facts (guests, time, where to watch), the transcript's turns (speaker, text) and the questions
 * from the public answered on air — by their public wording only, never who asked.
 */
export interface InterviewParts {
  facts: Array<{ key: string; label: string; text: string; href?: string }>;
  turns: Array<{ speaker: string; text: string; highlight: boolean }>;
  answered: Array<{ question: string; answer: string }>;
}

const NONE: InterviewParts = { facts: [], turns: [], answered: [] };

/** A guest as one line: 姓名（单位职务）. */
export const guestLine = (g: { name: string; title: string; department: string }) =>
  g.department || g.title ? `${g.name}（${g.department}${g.title}）` : g.name;

export function interviewParts(doc: Interpretation): InterviewParts {
  if (doc.format !== 'interview') return NONE;
  const facts: InterviewParts['facts'] = [];
  if (doc.guests?.length) facts.push({ key: 'guests', label: '访谈嘉宾', text: doc.guests.map(guestLine).join('；') });
  if (doc.interviewStartsAt) facts.push({ key: 'time', label: '访谈时间', text: `${chinaDateTime(new Date(doc.interviewStartsAt))}（北京时间）` });
  if (doc.interviewStreamUrl) facts.push({ key: 'stream', label: '直播地址', text: doc.interviewStreamUrl, href: doc.interviewStreamUrl });
  return {
    facts,
    turns: (doc.transcript ?? []).map((t) => ({ speaker: t.speaker, text: t.text, highlight: t.highlight })),
    answered: (doc.answeredOnAir ?? []).filter((q) => q.publicQuestion.trim()).map((q) => ({ question: q.publicQuestion, answer: q.answer })),
  };
}
