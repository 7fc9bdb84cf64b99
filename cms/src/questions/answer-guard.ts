import { errors } from '@strapi/utils';
import { currentActor } from '../workflow/actor';
import { QUESTION } from './intake-route';

/**
 * Document-service middleware for questions: writing an answer marks the question answered, with
 * when and by whom (the 2-working-day promise is measured on answeredAt), and an answer once given
 * is not taken back by clearing it. The asker's wording for publication defaults to the text with
 * contact details taken out.
 */
export function registerAnswerGuard(strapi: any): void {
  strapi.documents.use(async (context: any, next: () => Promise<any>) => {
    const { uid, action, params } = context;
    if (uid !== QUESTION || action !== 'update' || !params.data) return next();
    const before = await strapi.db.query(QUESTION).findOne({ where: { documentId: params.documentId } });
    if (!before) return next();
    const data = params.data;
    const answer = typeof data.answer === 'string' ? data.answer.trim() : undefined;
    if (before.handling === 'answered' && answer === '') throw new errors.ValidationError('已答复的咨询不能清空答复内容；如需更正，请直接修改答复');
    if (data.handling === 'answered' && !answer && !before.answer) throw new errors.ValidationError('请先填写答复内容，再标记为“已答复”');
    if (answer && before.handling === 'pending') {
      data.handling = 'answered';
      data.answeredAt = new Date().toISOString();
      data.answeredBy = currentActor(strapi).label;
    }
    return next();
  });
}
