import { errors } from '@strapi/utils';
import { currentActor } from '../workflow/actor';
import { QUESTION } from './intake-route';

/**
 * Document-service middleware for questions: writing an answer marks the question answered, with
 * when and by whom (the 2-working-day promise is measured on answeredAt), and an answer once given
 * is not taken back by clearing it. The asker's wording for publication defaults to the text with
 * contact details taken out. A suggestion (建议) is answered with its outcome — 已采纳 / 部分采纳 /
 * 暂不采纳, the last with its reason.
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
    // A suggestion (你建言我来办) is answered with whether it is taken up; 暂不采纳 says why.
    const kind = data.kind ?? before.kind;
    const outcome = data.outcome !== undefined ? data.outcome : before.outcome;
    const reason = typeof (data.outcomeReason !== undefined ? data.outcomeReason : before.outcomeReason) === 'string'
      ? String(data.outcomeReason !== undefined ? data.outcomeReason : before.outcomeReason).trim() : '';
    const answering = Boolean(answer) || (data.handling === 'answered') || before.handling === 'answered';
    if (kind === 'suggestion' && answering && !outcome) throw new errors.ValidationError('答复建议时请选择采纳情况：已采纳、部分采纳或暂不采纳');
    if (kind === 'suggestion' && outcome === 'not_adopted' && !reason) throw new errors.ValidationError('选择“暂不采纳”时请填写理由（会随答复告知建议人）');
    if (kind !== 'suggestion' && outcome) throw new errors.ValidationError('只有“建议”需要填写采纳情况；咨询请直接答复');
    if (answer && before.handling === 'pending') {
      data.handling = 'answered';
      data.answeredAt = new Date().toISOString();
      data.answeredBy = currentActor(strapi).label;
    }
    return next();
  });
}
