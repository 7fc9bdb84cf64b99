import { holidayArrangementProblems } from './rules';

/** Dates here are made up for the rules, not a State Council arrangement. */
describe('holidayArrangementProblems', () => {
  const ok = {
    year: 2031,
    holidays: [{ name: '劳动节', firstDay: '2031-05-01', lastDay: '2031-05-05' }, { name: '国庆节', firstDay: '2031-10-01', lastDay: '2031-10-07' }],
    workdays: [{ date: '2031-04-27', note: '劳动节调休' }, { date: '2031-10-11', note: '国庆节调休' }], // Sunday, Saturday
  };

  it('accepts a year of holidays and weekend working days', () => {
    expect(holidayArrangementProblems(ok)).toEqual([]);
  });

  it('refuses a date outside the year, naming the holiday and the date', () => {
    const problems = holidayArrangementProblems({ ...ok, holidays: [{ name: '元旦', firstDay: '2030-12-31', lastDay: '2031-01-01' }] });
    expect(problems).toEqual(['“元旦”的放假日期 2030-12-31 不在 2031 年内：本条只填 2031 年的日期，其他年份的请填在那一年的节假日安排里']);
    expect(holidayArrangementProblems({ ...ok, workdays: [{ date: '2032-01-03' }] })[0]).toContain('2032-01-03 不在 2031 年内');
  });

  it('refuses a day both off and worked', () => {
    expect(holidayArrangementProblems({ ...ok, workdays: [{ date: '2031-05-03' }] })).toEqual(['2031-05-03 既在“劳动节”的放假日期内，又是调休上班日：请对照通知改正其中一个']);
  });

  it('refuses duplicates: a day off in two holidays, a working day twice', () => {
    const twice = holidayArrangementProblems({ ...ok, holidays: [...ok.holidays, { name: '中秋节', firstDay: '2031-10-07', lastDay: '2031-10-08' }] });
    expect(twice).toEqual(['2031-10-07 在“国庆节”和“中秋节”中重复放假：同一天只填在一个放假安排里']);
    expect(holidayArrangementProblems({ ...ok, workdays: [...ok.workdays, { date: '2031-04-27' }] })).toEqual(['调休上班日 2031-04-27 填了两次：请删去重复的一条']);
  });

  it('refuses days in the wrong order, a weekday as an adjusted working day, a missing or impossible date, no holidays at all', () => {
    expect(holidayArrangementProblems({ ...ok, holidays: [{ name: '春节', firstDay: '2031-02-03', lastDay: '2031-01-28' }] })[0]).toContain('最后一天（2031-01-28）早于第一天（2031-02-03）');
    expect(holidayArrangementProblems({ ...ok, workdays: [{ date: '2031-04-30' }] })[0]).toContain('是星期三，本来就要上班');
    expect(holidayArrangementProblems({ ...ok, holidays: [{ name: '清明节', firstDay: '2031-02-30', lastDay: '2031-04-05' }] })).toEqual(['“清明节”缺少放假的第一天或最后一天']);
    expect(holidayArrangementProblems({ year: 2031, holidays: [], workdays: [] })[0]).toContain('还没有放假日期');
    expect(holidayArrangementProblems({ holidays: [] })).toEqual(['请填写年份，如 2027']);
  });
});
