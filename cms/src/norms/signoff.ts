import { errors } from '@strapi/utils';
import type { Actor } from '../workflow/actor';
import { checkTexts, draftTexts, findingLine, NORMS_KINDS, NormsUnavailable, normsCheckConfigured, seriousOf, type NormsFinding } from './check';

/**
 * 严重 norms findings stop 办公室签发: a publish of an interpretation, 开放活动 or policy document whose draft
 * has one is refused, naming each wrong form, where it is and the fix — unless the office has
 * overridden exactly these findings in exactly this wording (仍然签发, with a reason, kept in the
 * 审核记录). A later edit of any text needs a new check: a new 严重 finding blocks again.
 */
const STAGE_TRANSITION = 'api::stage-transition.stage-transition';
export const OVERRIDE_STAGE = '仍然签发（未按表述规范修改）';
export const UNCHECKED_STAGE = '签发时未能检查用语';

/** Called by the document guard before a publish, inside its transaction (the draft as it is about to be published). */
export async function checkNormsBeforePublish(strapi: any, uid: string, documentId: string, actor: Actor): Promise<void> {
  // Seeding and bootstrap publish as the system; a CMS run without a publisher has nothing to check with.
  if (actor.kind === 'system' || !normsCheckConfigured()) return;
  const current = await draftTexts(strapi, uid, documentId);
  if (!current) return;
  let serious: NormsFinding[];
  try {
    serious = seriousOf(await checkTexts(current.texts));
  } catch (error) {
    if (!(error instanceof NormsUnavailable)) throw error;
    // The publisher is down or restarting: what is published waits for it anyway (its reconciler picks the
    // publish up when it is back), and its live scan checks every rendition against the dictionary before the
    // inspection counts it. Refusing here would stop every county's publishing whenever the publisher restarts;
    // instead the 审核记录 says this one was signed off unchecked, and why.
    strapi.log.warn(`[tongyuan] ${error.message}：《${current.draft.title}》照常发布，上线后由在线巡查补查用语`);
    await recordUnchecked(strapi, current, uid, error.message, actor);
    return;
  }
  if (serious.length === 0) return;
  const override = await overrideFor(strapi, documentId, current.hash);
  if (override && serious.every((f) => override.lines.includes(findingLine(f)))) return;
  throw new errors.PolicyError(
    `《${current.draft.title}》有 ${serious.length} 处严重表述错误，不能签发：${serious.map(findingLine).join('；')}。`
    + '请在“发布状态”的“发布前检查”中点“改为……”一键修改后再发布；确需照原文发布的，由政府办公室在那里写明理由后点“仍然签发”',
    { code: 'NORMS_SERIOUS', findings: serious.map((f) => ({ field: f.field, found: f.norms.found, start: f.norms.start, replace: f.fix?.replace ?? null })) },
  );
}

/** The office's latest override of this document in this exact wording, if any. */
export async function overrideFor(strapi: any, documentId: string, hash: string) {
  const record = await strapi.db.query(STAGE_TRANSITION).findOne({
    where: { interpretationDocumentId: documentId, toStage: OVERRIDE_STAGE, contentHash: hash },
    orderBy: { id: 'desc' },
  });
  return record ? { ...record, lines: String(record.findings ?? '').split('\n') } : null;
}

export const canOverride = (actor: Actor) => actor.isSuperAdmin || actor.roles.includes('office') || actor.roles.includes('cityOffice');

/** Where a sign-off stands in the 审核记录: interpretations and 开放活动 at 办公室签发, policy documents on their own. */
const fromStageOf = (kind: string) => (kind === 'policy-document' ? '政策文件' : '办公室签发（office_signoff）');

/** Records 仍然签发 in the 审核记录: who, when, the reason, and each finding let through. */
export async function recordOverride(strapi: any, current: { draft: any; hash: string }, kind: string, serious: NormsFinding[], reason: string, actor: Actor) {
  return strapi.documents(STAGE_TRANSITION).create({
    data: {
      interpretationDocumentId: current.draft.documentId,
      interpretationTitle: current.draft.title,
      fromStage: fromStageOf(kind),
      toStage: OVERRIDE_STAGE,
      actor: actor.label,
      actorUserId: actor.id ?? null,
      actorRole: actor.roleNames.join('、'),
      reason,
      findings: serious.map(findingLine).join('\n'),
      contentHash: current.hash,
      county: current.draft.county?.documentId ?? current.draft.department?.county?.documentId ?? null,
      at: new Date().toISOString(),
    },
  });
}

/** Records a publish whose words could not be checked (the publisher unreachable): who, when, why. */
async function recordUnchecked(strapi: any, current: { draft: any; hash: string }, uid: string, why: string, actor: Actor) {
  return strapi.documents(STAGE_TRANSITION).create({
    data: {
      interpretationDocumentId: current.draft.documentId,
      interpretationTitle: current.draft.title,
      fromStage: fromStageOf(NORMS_KINDS[uid]),
      toStage: UNCHECKED_STAGE,
      actor: actor.label,
      actorUserId: actor.id ?? null,
      actorRole: actor.roleNames.join('、'),
      reason: `${why}；上线后由在线巡查按表述规范库补查，发现的问题列入巡检`,
      contentHash: current.hash,
      county: current.draft.county?.documentId ?? current.draft.department?.county?.documentId ?? null,
      at: new Date().toISOString(),
    },
  });
}
