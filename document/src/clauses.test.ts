import { clauseAnchor, normalizeClauseNumber, parseClauseNumbers, sameClause } from './clauses';

describe('the clause-number rule', () => {
  it('splits the separators clerks actually type', () => {
    expect(parseClauseNumbers('第三条、第五条')).toEqual(['第三条', '第五条']);
    expect(parseClauseNumbers(' 第三条，第五条; 第六条 ')).toEqual(['第三条', '第五条', '第六条']);
    expect(parseClauseNumbers('一、二、')).toEqual(['一', '二']);
    expect(parseClauseNumbers('')).toEqual([]);
    expect(parseClauseNumbers(null)).toEqual([]);
  });

  it('treats 一、 and 一 (and 1. and 1) as the same clause, and 一 and 二 as different ones', () => {
    expect(normalizeClauseNumber(' 一、 ')).toBe('一');
    expect(sameClause('1.', '1')).toBe(true);
    expect(sameClause('一', '二')).toBe(false);
  });

  it('anchors a clause by its normalized number, URL-safe', () => {
    expect(clauseAnchor('一、')).toBe(clauseAnchor('一'));
    expect(clauseAnchor('第三条')).toBe(`clause-${encodeURIComponent('第三条')}`);
  });
});
