import { errors } from '@strapi/utils';
import { QUESTION } from './intake-route';
import { SUPERVISION } from './supervision';

/**
 * Answers become interpretations, so they go out through the same workflow and the same renderers
 * as everything else (政策问答 column, feeds, a short video): a draft the department reviews and the
 * office signs off. Only the public wording and the answer are copied — never who asked.
 */
const INTERPRETATION = 'api::interpretation.interpretation';

export interface QaDraft {
  slug: string;
  title: string;
  digest: string;
  body: string;
  qa: Array<{ question: string; answer: string }>;
  department: string | null;
  sites: string[];
  channels: string[];
}

const clip = (text: string, length: number) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);

async function createDraft(strapi: any, draft: QaDraft) {
  const channels = await strapi.db.query('api::channel.channel').findMany({ where: { code: { $in: draft.channels } }, select: ['documentId'] });
  return strapi.documents(INTERPRETATION).create({
    data: {
      slug: draft.slug, title: draft.title, digest: draft.digest, body: draft.body, qa: draft.qa, format: 'qa', stage: 'draft',
      // Each question and answer is also a key point: a slide of the short video, a point on the kiosk and in the 一图读懂.
      keyPoints: draft.qa.map((item) => ({ heading: clip(item.question, 40), text: item.answer })),
      department: draft.department, sites: draft.sites, channels: channels.map((c: any) => c.documentId),
    },
  });
}

/** One answered question → a 政策问答 draft on the question's site (web and feeds). */
export async function draftAnswerInterpretation(strapi: any, documentId: string) {
  const question = await strapi.documents(QUESTION).findOne({ documentId, populate: ['department', 'site', 'qaInterpretation'] });
  if (!question) throw new errors.NotFoundError('没有这条咨询');
  if (question.kind === SUPERVISION) throw new errors.ValidationError('监督举报不公开为政策问答：办理结果只告知反映人');
  if (question.handling !== 'answered' || !question.answer) throw new errors.ValidationError('这条咨询还没有答复：答复后才能公开为政策问答');
  if (question.qaInterpretation) {
    throw new errors.ValidationError(`这条咨询已公开为问答《${question.qaInterpretation.title}》，请直接修改那篇解读`, { documentId: question.qaInterpretation.documentId });
  }
  const wording = (question.publicQuestion || '').trim();
  if (!wording) throw new errors.ValidationError('请先填写“公开的问题表述”（不含提问人的姓名和联系方式）');
  const created = await createDraft(strapi, {
    slug: `qa-${question.receipt.toLowerCase()}`,
    title: clip(`问：${wording}`, 60),
    digest: clip(question.answer, 110),
    body: question.answer,
    qa: [{ question: wording, answer: question.answer }],
    department: question.department?.documentId ?? null,
    sites: question.site ? [question.site.documentId] : [],
    channels: ['web', 'feeds'],
  });
  await strapi.documents(QUESTION).update({ documentId, data: { qaInterpretation: created.documentId } });
  return { documentId: created.documentId, title: created.title };
}

/** A group of frequent questions → one Q&A draft that goes out as a short video too (Yichun: 300+ answers, ~100 videos). */
export async function draftGroupInterpretation(strapi: any, receipts: string[], label: string) {
  const questions = await strapi.documents(QUESTION).findMany({ filters: { receipt: { $in: receipts }, kind: { $ne: SUPERVISION } }, populate: ['department', 'site'], limit: receipts.length });
  if (questions.length === 0) throw new errors.NotFoundError('这些受理编号没有对应的咨询');
  const answered = questions.filter((q: any) => q.handling === 'answered' && q.answer && q.publicQuestion);
  if (answered.length === 0) throw new errors.ValidationError('这一组咨询都还没有答复：至少答复一条后才能生成解读草稿');
  const count = (values: string[]) => [...values.reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<string, number>())].sort((a, b) => b[1] - a[1]);
  const department = count(answered.map((q: any) => q.department?.documentId).filter(Boolean))[0]?.[0] ?? null;
  const qa: QaDraft['qa'] = answered.slice(0, 8).map((q: any) => ({ question: q.publicQuestion.trim(), answer: q.answer.trim() }));
  const created = await createDraft(strapi, {
    slug: `faq-${answered[0].receipt.toLowerCase()}-${answered.length}`,
    title: clip(`${label}：常见问题解答`, 60),
    digest: clip(`群众和企业问得最多的 ${questions.length} 个问题，${qa.length} 条答复。`, 110),
    body: qa.map((item) => `**问：${item.question}**\n\n答：${item.answer}`).join('\n\n'),
    qa,
    department,
    sites: [...new Set(questions.map((q: any) => q.site?.documentId).filter(Boolean))] as string[],
    channels: ['web', 'feeds', 'short-video'],
  });
  return { documentId: created.documentId, title: created.title, questions: questions.length, answers: qa.length };
}
