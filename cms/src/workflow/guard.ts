import { errors } from '@strapi/utils';
import { NORMS_KINDS } from '../norms/check';
import { checkNormsBeforePublish } from '../norms/signoff';
import { isReposting } from '../reposting/marking';
import { checkSlugNotTaken, sharesSlugs } from '../slugs/shared-slugs';
import { openEventProblems } from '@tongyuan/document';
import { interpretationProblems, policyDocumentProblems } from '../validation/rules';
import { currentActor, departmentOfUser, type Actor } from './actor';
import { checkInterpretationCounty } from './county-guard';
import { checkOpenEventCounty } from './open-event-county';
import { checkStageMove, isBackward, isStage, PUBLISHABLE_STAGE, STAGE_LABELS, STAGES, type Stage } from './stages';

const INTERPRETATION = 'api::interpretation.interpretation';
const POLICY_DOCUMENT = 'api::policy-document.policy-document';
const OPEN_EVENT = 'api::open-event.open-event';
/** The types that go through the review stages (草稿 → 部门审核 → 融媒体制作 → 办公室签发). */
const STAGED = new Set<string>([INTERPRETATION, OPEN_EVENT]);
const KIND_NAMES: Record<string, string> = { [INTERPRETATION]: '解读', [OPEN_EVENT]: '开放活动' };
const WRITES = new Set(['create', 'update', 'publish']);
// Refusals are PolicyErrors (403): Strapi hides the message of any other ForbiddenError.

const POPULATE_FOR_RULES = {
  [INTERPRETATION]: { basis: { populate: { policy: { populate: ['clauses'] } } }, overrides: true, department: { populate: ['county'] } },
  [POLICY_DOCUMENT]: { clauses: true, supersedes: true },
  [OPEN_EVENT]: { department: { populate: ['county'] }, county: true },
} as const;

/**
 * Document-service middleware: every write to an interpretation or policy document, from the
 * admin, the REST API or a script, passes the workflow and consistency rules here, inside the
 * write's transaction so a refused change leaves nothing behind.
 */
export function registerDocumentGuard(strapi: any): void {
  strapi.documents.use(async (context: any, next: () => Promise<any>) => {
    const { uid, action, params } = context;
    if (!(uid in POPULATE_FOR_RULES) || !WRITES.has(action)) return next();
    const actor = currentActor(strapi);
    return strapi.db.transaction(async () => {
      const before = params.documentId ? await loadDraft(strapi, uid, params.documentId) : null;
      if (STAGED.has(uid)) await checkStagedWrite(strapi, uid, action, params, before, actor);
      // 严重 norms findings stop 签发 unless the office overrode them (src/norms/signoff.ts).
      if (action === 'publish' && before && uid in NORMS_KINDS) await checkNormsBeforePublish(strapi, uid, params.documentId, actor);
      const result = await next();
      const documentId = result?.documentId ?? params.documentId;
      if (!documentId) return result;
      const after = await loadDraft(strapi, uid, documentId);
      const problems = uid === INTERPRETATION ? interpretationProblems(after) : uid === OPEN_EVENT ? openEventProblems(after) : policyDocumentProblems(after);
      if (problems.length > 0) throw new errors.ValidationError(problems.join('；'), { problems });
      // Interpretations and events share one address space (网址名): one kind's slug is refused for the other.
      if (sharesSlugs(uid) && action !== 'publish') await checkSlugNotTaken(strapi, uid, after.slug);
      if (STAGED.has(uid)) await checkDepartmentKept(strapi, actor, after, KIND_NAMES[uid]);
      if (uid === INTERPRETATION && action !== 'publish') await checkInterpretationCounty(strapi, actor, documentId);
      if (uid === OPEN_EVENT && action !== 'publish') await checkOpenEventCounty(strapi, actor, after);
      if (STAGED.has(uid) && action !== 'publish') await recordStageChange(strapi, before, after, actor);
      return result;
    });
  });
}

async function loadDraft(strapi: any, uid: string, documentId: string) {
  return strapi.documents(uid).findOne({
    documentId,
    status: 'draft',
    populate: POPULATE_FOR_RULES[uid as keyof typeof POPULATE_FOR_RULES],
  });
}

async function checkStagedWrite(strapi: any, uid: string, action: string, params: any, before: any, actor: Actor) {
  const kind = KIND_NAMES[uid];
  if (action === 'publish') {
    if (before && before.stage !== PUBLISHABLE_STAGE) {
      throw new errors.ValidationError(
        `只有处于“${STAGE_LABELS[PUBLISHABLE_STAGE]}”阶段的${kind}才能发布；《${before.title}》当前阶段为“${STAGE_LABELS[before.stage as Stage] ?? before.stage}”`,
      );
    }
    return;
  }
  const requested = params.data?.stage;
  if (requested !== undefined && !isStage(requested)) {
    throw new errors.ValidationError(
      `审核阶段“${requested}”无效：可选 ${STAGES.map((s) => `${s}（${STAGE_LABELS[s]}）`).join('、')}`,
    );
  }
  if (action === 'create') {
    // 一键转载 (src/reposting) files the county's copy at 办公室签发: the office publishes it at once.
    if (actor.kind !== 'system' && !actor.isSuperAdmin && requested && requested !== 'draft' && !isReposting()) {
      throw new errors.PolicyError(`新建的${kind}只能从“草稿”阶段开始，请保存后按流程提交审核`);
    }
    // A department interpreter or reviewer writes for their own department; fill it in rather than ask.
    if (actor.kind === 'admin' && isDepartmentStaff(actor) && !actor.isSuperAdmin) {
      const department = await departmentOfUser(strapi, actor.id!);
      if (!department) throw new errors.PolicyError(`你的账号还没有登记在解读人员库中，请联系政府办公室添加后再撰写${kind}`);
      params.data = { ...params.data, department: department.documentId };
    }
    return;
  }
  if (!before || requested === undefined || requested === before.stage) return;
  if (actor.kind === 'api') throw new errors.PolicyError('审核阶段只能由登录后台的工作人员变更');
  const isAuthor = actor.kind === 'admin' && (await authorsOf(strapi, before.documentId, uid)).has(actor.id!);
  const refusal = checkStageMove(before.stage as Stage, requested as Stage, { roles: actor.roles, isSuperAdmin: actor.isSuperAdmin, isAuthor });
  if (refusal) throw new errors.PolicyError(refusal);
  if (isBackward(before.stage, requested)) {
    // 退回 says why: the author reads it on the draft (退回意见) and the review record keeps it.
    const reason = typeof params.data?.returnReason === 'string' ? params.data.returnReason.trim() : '';
    if (!reason || reason === (before.returnReason ?? '').trim()) {
      throw new errors.PolicyError(`退回到“${STAGE_LABELS[requested as Stage]}”时请在“退回意见”中写明需要修改的地方，作者会在稿件上看到`);
    }
  } else {
    // Moving on answers the last send-back: its reason stays in the review record, not on the draft.
    params.data = { ...params.data, returnReason: null };
  }
}

const isDepartmentStaff = (actor: Actor) => actor.roles.includes('department') || actor.roles.includes('reviewer');

/**
 * Whoever wrote a draft (Strapi's createdBy) or submitted it to 部门审核 (the last review record
 * into that stage) — the people four eyes keep from approving it.
 */
export async function authorsOf(strapi: any, documentId: string, uid: string = INTERPRETATION): Promise<Set<number>> {
  const draft = await strapi.db.query(uid).findOne({ where: { documentId, publishedAt: null }, populate: ['createdBy'] });
  const submitted = await strapi.db.query('api::stage-transition.stage-transition').findOne({
    where: { interpretationDocumentId: documentId, toStage: { $startsWith: STAGE_LABELS.department_review } },
    orderBy: { id: 'desc' },
  });
  return new Set([draft?.createdBy?.id, submitted?.actorUserId].filter((id): id is number => typeof id === 'number'));
}

async function checkDepartmentKept(strapi: any, actor: Actor, after: any, kind: string) {
  if (actor.kind !== 'admin' || actor.isSuperAdmin || !isDepartmentStaff(actor)) return;
  if (actor.roles.includes('office') || actor.roles.includes('cityOffice')) return;
  const own = await departmentOfUser(strapi, actor.id!);
  if (!own || after.department?.id !== own.id) {
    throw new errors.PolicyError(`部门解读人只能编辑本部门的${kind}，不能把${kind}改到其他部门`);
  }
}

async function recordStageChange(strapi: any, before: any, after: any, actor: Actor) {
  const from = before?.stage ?? null;
  if (from === after.stage) return;
  await strapi.documents('api::stage-transition.stage-transition').create({
    data: {
      interpretationDocumentId: after.documentId,
      interpretationTitle: after.title,
      fromStage: from ? `${STAGE_LABELS[from as Stage]}（${from}）` : null,
      toStage: `${STAGE_LABELS[after.stage as Stage]}（${after.stage}）`,
      actor: actor.label,
      actorUserId: actor.id ?? null,
      actorRole: actor.roleNames.join('、') || (actor.kind === 'system' ? '系统' : 'API'),
      reason: from && isBackward(from, after.stage) ? after.returnReason : null,
      county: after.county?.documentId ?? after.department?.county?.documentId ?? null,
      at: new Date().toISOString(),
    },
  });
}
