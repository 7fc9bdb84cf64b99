import { checkStageMove } from './stages';

describe('checkStageMove (Juxian workflow)', () => {
  it('lets a department interpreter submit a draft and pass department review', () => {
    expect(checkStageMove('draft', 'department_review', ['department'], false)).toBeNull();
    expect(checkStageMove('department_review', 'media_production', ['department'], false)).toBeNull();
  });

  it('refuses to skip a stage, naming the next one', () => {
    expect(checkStageMove('draft', 'office_signoff', ['department'], false)).toBe(
      '不能跳过审核阶段：当前为“草稿”，下一阶段是“部门审核”',
    );
  });

  it('leaves production to the media centre and sign-off hand-over to it too', () => {
    expect(checkStageMove('department_review', 'media_production', ['media'], false)).toMatch(/只有“部门解读人”/);
    expect(checkStageMove('media_production', 'office_signoff', ['media'], false)).toBeNull();
    expect(checkStageMove('media_production', 'office_signoff', ['department'], false)).toMatch(/只有“融媒体中心”/);
  });

  it('lets the office send anything back to draft, the media centre only to department review', () => {
    expect(checkStageMove('office_signoff', 'draft', ['office'], false)).toBeNull();
    expect(checkStageMove('media_production', 'department_review', ['media'], false)).toBeNull();
    expect(checkStageMove('media_production', 'draft', ['media'], false)).toMatch(/不能把解读从/);
  });

  it('lets the super admin make any move', () => {
    expect(checkStageMove('draft', 'office_signoff', [], true)).toBeNull();
  });
});
