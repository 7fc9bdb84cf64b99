import { allowedStages, checkStageMove } from './stages';

const interpreter = { roles: ['department' as const], isSuperAdmin: false };
const reviewer = { roles: ['reviewer' as const], isSuperAdmin: false };

describe('checkStageMove (Juxian workflow, four eyes)', () => {
  it('lets an interpreter submit a draft, and only a reviewer pass department review', () => {
    expect(checkStageMove('draft', 'department_review', interpreter)).toBeNull();
    expect(checkStageMove('department_review', 'media_production', interpreter)).toMatch(/只有“部门审核人”/);
    expect(checkStageMove('department_review', 'media_production', reviewer)).toBeNull();
  });

  it('refuses the reviewer who wrote or submitted the draft', () => {
    expect(checkStageMove('department_review', 'media_production', { ...reviewer, isAuthor: true })).toBe(
      '不能审核通过自己起草或提交的解读：请由本部门的另一位“部门审核人”审核',
    );
  });

  it('refuses to skip a stage, naming the next one', () => {
    expect(checkStageMove('draft', 'office_signoff', interpreter)).toBe('不能跳过审核阶段：当前为“草稿”，下一阶段是“部门审核”');
  });

  it('leaves production to the media centre', () => {
    expect(checkStageMove('media_production', 'office_signoff', { roles: ['media'], isSuperAdmin: false })).toBeNull();
    expect(checkStageMove('media_production', 'office_signoff', reviewer)).toMatch(/只有“融媒体中心”/);
  });

  it('lets offices and reviewers send back to draft, the media centre only to review, interpreters never', () => {
    expect(checkStageMove('office_signoff', 'draft', { roles: ['office'], isSuperAdmin: false })).toBeNull();
    expect(checkStageMove('office_signoff', 'draft', { roles: ['cityOffice'], isSuperAdmin: false })).toBeNull();
    expect(checkStageMove('department_review', 'draft', reviewer)).toBeNull();
    expect(checkStageMove('media_production', 'department_review', { roles: ['media'], isSuperAdmin: false })).toBeNull();
    expect(checkStageMove('media_production', 'draft', { roles: ['media'], isSuperAdmin: false })).toMatch(/不能把解读从/);
    expect(checkStageMove('department_review', 'draft', interpreter)).toMatch(/不能把解读从/);
  });

  it('offers in the stage control only what this user may do now', () => {
    expect(allowedStages('draft', interpreter)).toEqual(['draft', 'department_review']);
    expect(allowedStages('department_review', interpreter)).toEqual(['department_review']);
    expect(allowedStages('department_review', reviewer)).toEqual(['department_review', 'draft', 'media_production']);
    expect(allowedStages('department_review', { ...reviewer, isAuthor: true })).toEqual(['department_review', 'draft']);
    expect(allowedStages('office_signoff', { roles: ['office'], isSuperAdmin: false })).toEqual(
      ['office_signoff', 'draft', 'department_review', 'media_production'],
    );
  });

  it('lets the super admin make any move', () => {
    expect(checkStageMove('draft', 'office_signoff', { roles: [], isSuperAdmin: true })).toBeNull();
  });
});
