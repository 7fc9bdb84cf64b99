import { chinaDateTime, chinaDayOf, chinaToday, dayAfter, dayBefore, isCalendarDate } from './china-time';
import { effectiveWindows, statusOn, validityOf } from './validity';

describe('validity', () => {
  const policy = { validFrom: '2024-01-01', validTo: '2024-12-31' };

  it.each([
    ['2023-12-31', {}, '尚未生效'],
    ['2024-01-01', {}, '现行有效'],
    ['2024-12-31', {}, '现行有效'],
    ['2025-01-01', {}, '已失效'],
    ['2024-06-01', { supersededBy: true }, '已修订'],
  ])('on %s %o a policy is %s', (today, options, expected) => {
    expect(validityOf(policy, { ...options, today })).toBe(expected);
  });

  it.each([
    [{ validFrom: '2024-01-01', validTo: null }, {}, '现行有效'],
    [{ validFrom: '2022-01-01', validTo: '2024-12-31' }, {}, '已失效'],
    [{ validFrom: '2027-01-01', validTo: null }, {}, '尚未生效'],
    [{ validFrom: '2021-01-01', validTo: '2024-06-30' }, { supersededBy: true }, '已修订'],
    [{ validFrom: '2026-01-01', validTo: '2026-11-23' }, {}, '现行有效'],
  ])('on 2026-11-23: %j %j → %s', (dates, options, expected) => {
    expect(validityOf(dates, { ...options, today: '2026-11-23' })).toBe(expected);
  });

  it('reads an open-ended window as in force from its start', () => {
    expect(statusOn({ from: null, to: null }, '2099-01-01')).toBe('现行有效');
    expect(statusOn({ from: '2030-01-01', to: null }, '2029-12-31')).toBe('尚未生效');
  });

  it('ends a superseded document the day before its successor starts, or at its own end if earlier', () => {
    const windows = effectiveWindows(new Map([
      ['old', { validFrom: '2020-01-01', validTo: null, supersedes: null }],
      ['new', { validFrom: '2024-07-01', validTo: null, supersedes: 'old' }],
      ['short', { validFrom: '2020-01-01', validTo: '2021-01-01', supersedes: null }],
      ['later', { validFrom: '2024-07-01', validTo: null, supersedes: 'short' }],
    ]));
    expect(windows.get('old')).toEqual({ from: '2020-01-01', to: '2024-06-30' });
    expect(windows.get('short')).toEqual({ from: '2020-01-01', to: '2021-01-01' });
    expect(statusOn(windows.get('old')!, '2024-07-01')).toBe('已失效');
  });
});

describe('China dates', () => {
  it('reads today from the injected clock, in China time (a policy ending today is still valid at 07:30 Beijing time)', () => {
    expect(chinaToday(() => new Date('2026-11-22T23:30:00Z'))).toBe('2026-11-23');
    expect(chinaToday(() => new Date('2026-11-22T15:59:59Z'))).toBe('2026-11-22');
    expect(chinaDayOf(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
    expect(chinaDateTime(new Date('2027-01-05T01:30:00Z'))).toBe('2027-01-05 09:30');
  });

  it('steps over month and leap-year ends, and knows which dates exist', () => {
    expect(dayAfter('2028-02-28')).toBe('2028-02-29');
    expect(dayBefore('2027-03-01')).toBe('2027-02-28');
    expect(isCalendarDate('2026-02-30')).toBe(false);
    expect(isCalendarDate('2028-02-29')).toBe(true);
  });
});
