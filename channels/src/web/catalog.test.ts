import { chinaToday, columnsOf, validityOf } from './catalog';

describe('validityOf', () => {
  const today = '2026-11-23';
  it.each([
    [{ validFrom: '2024-01-01', validTo: null }, {}, '现行有效'],
    [{ validFrom: '2022-01-01', validTo: '2024-12-31' }, {}, '已失效'],
    [{ validFrom: '2027-01-01', validTo: null }, {}, '尚未生效'],
    [{ validFrom: '2021-01-01', validTo: '2024-06-30' }, { supersededBy: true }, '已修订'],
    [{ validFrom: '2026-01-01', validTo: '2026-11-23' }, {}, '现行有效'],
  ])('%j %j → %s', (policy, options, expected) => {
    expect(validityOf(policy, { ...options, today })).toBe(expected);
  });

  it('uses the date in China, not UTC (a policy ending today is still valid at 07:30 Beijing time)', () => {
    expect(chinaToday(new Date('2026-11-22T23:30:00Z'))).toBe('2026-11-23');
  });
});

describe('columnsOf', () => {
  const interpretation = (format: string, channels: string[] = ['web'], qa = 0) =>
    ({ kind: 'interpretation', format, channels, qa: Array.from({ length: qa }, () => ({ question: '?', answer: '!' })) }) as any;

  it('files documents in the uniform catalog', () => {
    expect(columnsOf({ kind: 'policy-document' } as any)).toEqual(['policies']);
    expect(columnsOf(interpretation('graphic_text'))).toEqual(['interpretations']);
    expect(columnsOf(interpretation('explainer_image'))).toEqual(['interpretations', 'images']);
    expect(columnsOf(interpretation('animation'))).toEqual(['interpretations', 'videos']);
    expect(columnsOf(interpretation('graphic_text', ['web', 'cinema']))).toEqual(['interpretations', 'videos']);
    expect(columnsOf(interpretation('qa'))).toEqual(['interpretations', 'qa']);
  });
});
