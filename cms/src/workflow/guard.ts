import { errors } from '@strapi/utils';
import { interpretationProblems, policyDocumentProblems } from '../validation/rules';
import { currentActor, departmentOfUser, type Actor } from './actor';
import { checkStageMove, isStage, PUBLISHABLE_STAGE, STAGE_LABELS, STAGES, type Stage } from './stages';

const INTERPRETATION = 'api::interpretation.interpretation';
const POLICY_DOCUMENT = 'api::policy-document.policy-document';
const WRITES = new Set(['create', 'update', 'publish']);
// Refusals are PolicyErrors (403): Strapi hides the message of any other ForbiddenError.

const POPULATE_FOR_RULES = {
  [INTERPRETATION]: { basis: { populate: { policy: { populate: ['clauses'] } } }, overrides: true, department: true },
  [POLICY_DOCUMENT]: { clauses: true, supersedes: true },
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
      if (uid === INTERPRETATION) await checkInterpretationWrite(strapi, action, params, before, actor);
      const result = await next();
      const documentId = result?.documentId ?? params.documentId;
      if (!documentId) return result;
      const after = await loadDraft(strapi, uid, documentId);
      const problems = uid === INTERPRETATION ? interpretationProblems(after) : policyDocumentProblems(after);
      if (problems.length > 0) throw new errors.ValidationError(problems.join('；'), { problems });
      if (uid === INTERPRETATION) await checkDepartmentKept(strapi, actor, after);
      if (uid === INTERPRETATION && action !== 'publish') await recordStageChange(strapi, before, after, actor);
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

async function checkInterpretationWrite(strapi: any, action: string, params: any, before: any, actor: Actor) {
  if (action === 'publish') {
    if (before && before.stage !== PUBLISHABLE_STAGE) {
      throw new errors.ValidationError(
        `只有处于“${STAGE_LABELS[PUBLISHABLE_STAGE]}”阶段的解读才能发布；《${before.title}》当前阶段为“${STAGE_LABELS[before.stage as Stage] ?? before.stage}”`,
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
    if (actor.kind !== 'system' && !actor.isSuperAdmin && requested && requested !== 'draft') {
      throw new errors.PolicyError('新建的解读只能从“草稿”阶段开始，请保存后按流程提交审核');
    }
    // A department interpreter writes for their own department; fill it in rather than ask.
    if (actor.kind === 'admin' && actor.roles.includes('department') && !actor.isSuperAdmin) {
      const department = await departmentOfUser(strapi, actor.id!);
      if (!department) throw new errors.PolicyError('你的账号还没有登记在解读人员库中，请联系政府办公室添加后再撰写解读');
      params.data = { ...params.data, department: department.documentId };
    }
    return;
  }
  if (!before || requested === undefined || requested === before.stage) return;
  if (actor.kind === 'api') throw new errors.PolicyError('审核阶段只能由登录后台的工作人员变更');
  const refusal = checkStageMove(before.stage as Stage, requested as Stage, actor.roles, actor.isSuperAdmin);
  if (refusal) throw new errors.PolicyError(refusal);
}

async function checkDepartmentKept(strapi: any, actor: Actor, after: any) {
  if (actor.kind !== 'admin' || actor.isSuperAdmin || !actor.roles.includes('department')) return;
  if (actor.roles.includes('office')) return;
  const own = await departmentOfUser(strapi, actor.id!);
  if (!own || after.department?.id !== own.id) {
    throw new errors.PolicyError('部门解读人只能编辑本部门的解读，不能把解读改到其他部门');
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
      actorRole: actor.roleNames.join('、') || (actor.kind === 'system' ? '系统' : 'API'),
      at: new Date().toISOString(),
    },
  });
}
