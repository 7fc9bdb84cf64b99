/**
 * Juxian's workflow: 政府办牵头、部门解读、融媒体中心制作. Strapi's review workflows are an
 * Enterprise feature, so the stage is a plain field guarded here and in the document middleware.
 * Strapi enumerations must be ASCII; the admin shows the Chinese labels (src/admin/app.tsx).
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
  office: { code: 'tongyuan-office', name: '政府办公室', description: '牵头签发：审定并发布、撤回政策解读' },
  department: { code: 'tongyuan-department', name: '部门解读人', description: '起草和修改本部门的政策解读，提交部门审核' },
  media: { code: 'tongyuan-media', name: '融媒体中心', description: '制作封面、图片和各渠道定制内容，提交办公室签发' },
} as const;
export type RoleKey = keyof typeof ROLES;
export const SUPER_ADMIN_CODE = 'strapi-super-admin';

/** Who may move an interpretation forward from each stage (one step at a time). */
const FORWARD: Record<Stage, RoleKey | null> = {
  draft: 'department',
  department_review: 'department',
  media_production: 'media',
  office_signoff: null,
};

/** How far back each role may send an interpretation for changes. */
const EARLIEST_RETURN: Record<RoleKey, Stage> = {
  office: 'draft',
  media: 'department_review',
  department: 'draft',
};

export function isStage(value: unknown): value is Stage {
  return typeof value === 'string' && (STAGES as readonly string[]).includes(value);
}

const label = (stage: Stage) => `“${STAGE_LABELS[stage]}”`;

/**
 * Returns null when the move is allowed, otherwise a message (Chinese, for the author) that says
 * who can make it or what to do instead.
 */
export function checkStageMove(from: Stage, to: Stage, roles: RoleKey[], isSuperAdmin: boolean): string | null {
  if (from === to || isSuperAdmin) return null;
  const fromIndex = STAGES.indexOf(from);
  const toIndex = STAGES.indexOf(to);
  if (toIndex > fromIndex) {
    if (toIndex !== fromIndex + 1) {
      return `不能跳过审核阶段：当前为${label(from)}，下一阶段是${label(STAGES[fromIndex + 1])}`;
    }
    const owner = FORWARD[from];
    if (owner && roles.includes(owner)) return null;
    return `只有“${owner ? ROLES[owner].name : '—'}”可以把解读从${label(from)}推进到${label(to)}`;
  }
  const allowed = roles.some((role) => STAGES.indexOf(EARLIEST_RETURN[role]) <= toIndex);
  if (allowed) return null;
  return `你的角色不能把解读从${label(from)}退回到${label(to)}`;
}
