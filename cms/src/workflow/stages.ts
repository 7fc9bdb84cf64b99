/**
 * Juxian's workflow: 政府办牵头、部门解读、部门审核、融媒体中心制作. Strapi's review workflows are an
 * Enterprise feature, so the stage is a plain field guarded here and in the document middleware.
 * Strapi enumerations must be ASCII; the admin shows the Chinese labels (src/admin/stage-input.tsx).
 */
export const STAGES = ['draft', 'department_review', 'media_production', 'office_signoff'] as const;
export type Stage = (typeof STAGES)[number];
export const STAGE_LABELS: Record<Stage, string> = {
  draft: '草稿',
  department_review: '部门审核',
  media_production: '融媒体制作',
  office_signoff: '办公室签发',
};
export const PUBLISHABLE_STAGE: Stage = 'office_signoff';

/** Admin role codes created at bootstrap; names are what authors see. */
export const ROLES = {
  office: { code: 'tongyuan-office', name: '政府办公室', description: '本区县牵头签发：审定并发布、撤回本区县的政策解读' },
  cityOffice: { code: 'tongyuan-city-office', name: '市级政府办公室', description: '市级、省级政府办公室：查看、审定并发布所有区县的政策解读' },
  department: { code: 'tongyuan-department', name: '部门解读人', description: '起草和修改本部门的政策解读，提交部门审核' },
  reviewer: { code: 'tongyuan-reviewer', name: '部门审核人', description: '审核本部门其他人起草的解读：通过后交融媒体制作，或写明意见退回' },
  media: { code: 'tongyuan-media', name: '融媒体中心', description: '制作本区县解读的封面、图片和各渠道定制内容，提交办公室签发' },
} as const;
export type RoleKey = keyof typeof ROLES;
export const SUPER_ADMIN_CODE = 'strapi-super-admin';

/** Who may move an interpretation forward from each stage (one step at a time). */
const FORWARD: Record<Stage, RoleKey[]> = {
  draft: ['department', 'reviewer'],
  department_review: ['reviewer'],
  media_production: ['media'],
  office_signoff: [],
};

/** How far back each role may send an interpretation for changes (null: never). */
const EARLIEST_RETURN: Record<RoleKey, Stage | null> = {
  office: 'draft',
  cityOffice: 'draft',
  reviewer: 'draft',
  media: 'department_review',
  department: null,
};

/** Who is moving the stage: their roles, and whether they wrote or submitted this draft. */
export interface Mover { roles: RoleKey[]; isSuperAdmin: boolean; isAuthor?: boolean }

export function isStage(value: unknown): value is Stage {
  return typeof value === 'string' && (STAGES as readonly string[]).includes(value);
}

export const isBackward = (from: Stage, to: Stage) => STAGES.indexOf(to) < STAGES.indexOf(from);

const label = (stage: Stage) => `“${STAGE_LABELS[stage]}”`;
const names = (roles: RoleKey[]) => roles.map((r) => `“${ROLES[r].name}”`).join('或');

/**
 * Returns null when the move is allowed, otherwise a message (Chinese, for the author) that says
 * who can make it or what to do instead. Four eyes: whoever wrote or submitted a draft does not
 * approve it out of 部门审核.
 */
export function checkStageMove(from: Stage, to: Stage, mover: Mover): string | null {
  if (from === to || mover.isSuperAdmin) return null;
  const fromIndex = STAGES.indexOf(from);
  const toIndex = STAGES.indexOf(to);
  if (toIndex > fromIndex) {
    if (toIndex !== fromIndex + 1) {
      return `不能跳过审核阶段：当前为${label(from)}，下一阶段是${label(STAGES[fromIndex + 1])}`;
    }
    const owners = FORWARD[from];
    if (!owners.some((owner) => mover.roles.includes(owner))) {
      return `只有${owners.length ? names(owners) : '“—”'}可以把解读从${label(from)}推进到${label(to)}`;
    }
    if (from === 'department_review' && mover.isAuthor) {
      return '不能审核通过自己起草或提交的解读：请由本部门的另一位“部门审核人”审核';
    }
    return null;
  }
  const allowed = mover.roles.some((role) => {
    const earliest = EARLIEST_RETURN[role];
    return earliest !== null && STAGES.indexOf(earliest) <= toIndex;
  });
  if (allowed) return null;
  return `你的角色不能把解读从${label(from)}退回到${label(to)}`;
}

/** The stages this mover may set now (the current one first): what the stage control offers. */
export function allowedStages(from: Stage, mover: Mover): Stage[] {
  return [from, ...STAGES.filter((to) => to !== from && checkStageMove(from, to, mover) === null)];
}
