import { goalText, judged, verdict, type Condition } from './verdict';

describe('bench verdict: the goal names the figure it compares', () => {
  const p95Goal: Condition[] = [{ figure: 'p95', is: '≤', limit: 150, unit: ' ms' }];

  it('compares the figure the goal names, not another one (p50 63 ms, p95 163 ms against p95 ≤ 150 ms is missed)', () => {
    expect(verdict(p95Goal, { p50: 63, p95: 163 })).toBe('missed');
    expect(verdict(p95Goal, { p50: 140, p95: 150 })).toBe('met');
  });

  it('prints the goal from the same conditions it judges by', () => {
    expect(goalText(p95Goal)).toBe('p95 ≤ 150 ms');
    const row = judged({ name: '封面 + 一图读懂（每篇）', goal: p95Goal, figures: { p50: 63, p95: 163 }, measured: 'p50 63 ms, p95 163 ms' });
    expect([row.goal, row.verdict]).toEqual(['p95 ≤ 150 ms', 'missed']);
    expect(row.raw.figures).toEqual({ p50: 63, p95: 163 });
  });

  it('refuses a goal whose figure was not measured instead of passing it', () => {
    expect(() => verdict(p95Goal, { p50: 63 })).toThrow(/names figure "p95", which was not measured/);
    expect(() => verdict(p95Goal, { p95: Number.NaN })).toThrow(/not measured/);
    expect(() => verdict([], { p95: 1 })).toThrow(/at least one condition/);
  });

  it('needs every condition: strict and inclusive bounds, equality, derived limits', () => {
    expect(verdict([{ figure: 'p95', is: '<', limit: 1000 }], { p95: 1000 })).toBe('missed');
    expect(verdict([{ figure: 'p95', is: '<', limit: 1000 }], { p95: 999 })).toBe('met');
    const feed: Condition[] = [
      { figure: 'req/s', is: '≥', limit: 800, limitText: '0.8× static (800)' },
      { figure: 'p99', is: '≤', limit: 40 },
      { figure: 'errors', is: '=', limit: 0 },
    ];
    expect(goalText(feed)).toBe('req/s ≥ 0.8× static (800), p99 ≤ 40, errors = 0');
    expect(verdict(feed, { 'req/s': 900, p99: 40, errors: 0 })).toBe('met');
    expect(verdict(feed, { 'req/s': 900, p99: 40, errors: 1 })).toBe('missed');
    expect(verdict(feed, { 'req/s': 799, p99: 10, errors: 0 })).toBe('missed');
  });
});
