import { PublisherError } from '../errors';
import { calendarWarning } from './desk-status';
import { expandYear } from './holiday-table';
import { lateness, workingDayCalendar, type YearArrangement } from './working-days';

/** An instant given as China wall-clock time, independent of the server's time zone. */
const china = (wall: string): Date => new Date(`${wall.replace(' ', 'T')}:00+08:00`);

const calendar = workingDayCalendar();
const DUE_IN = 2; // 宜企问: every question answered within 2 working days

describe('workingDayCalendar: the data', () => {
  it('covers the years these cases need, read from the package', () => {
    expect(calendar.coveredYears.from).toBeLessThanOrEqual(2025);
    expect(calendar.coveredYears.to).toBeGreaterThanOrEqual(2026);
  });

  it('knows 2025 National Day (10-01..10-08 off, Sunday 09-28 and Saturday 10-11 worked)', () => {
    for (const day of ['2025-10-01', '2025-10-02', '2025-10-06', '2025-10-08']) expect([day, calendar.isWorkingDay(day)]).toEqual([day, false]);
    expect(calendar.isWorkingDay('2025-09-28')).toBe(true); // a Sunday
    expect(calendar.isWorkingDay('2025-10-11')).toBe(true); // a Saturday
    expect(calendar.isWorkingDay('2025-09-30')).toBe(true);
    expect(calendar.isWorkingDay('2025-10-09')).toBe(true);
  });

  it('knows 2026 Spring Festival (02-15..02-23 off, Saturdays 02-14 and 02-28 worked)', () => {
    expect(calendar.isWorkingDay('2026-02-15')).toBe(false);
    expect(calendar.isWorkingDay('2026-02-23')).toBe(false); // a Monday
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-28')).toBe(true);
  });

  it('treats an ordinary weekend as non-working and an ordinary weekday as working', () => {
    expect(calendar.isWorkingDay('2025-11-15')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2025-11-16')).toBe(false); // Sunday
    expect(calendar.isWorkingDay('2025-11-14')).toBe(true); // Friday
  });
});

describe('addWorkingDays: when a question is due', () => {
  it('received Thursday 15:00 → due Monday 15:00 over an ordinary weekend', () => {
    expect(calendar.addWorkingDays(china('2025-11-13 15:00'), DUE_IN)).toEqual(china('2025-11-17 15:00'));
  });

  it('received before National Day → the whole holiday is skipped', () => {
    expect(calendar.addWorkingDays(china('2025-09-30 15:00'), DUE_IN)).toEqual(china('2025-10-10 15:00'));
  });

  it('an adjusted working weekend counts: Friday 10:00 before National Day → Monday 10:00 via Sunday 09-28', () => {
    expect(calendar.addWorkingDays(china('2025-09-26 10:00'), DUE_IN)).toEqual(china('2025-09-29 10:00'));
    // Thursday after National Day: Friday, then the worked Saturday 10-11
    expect(calendar.addWorkingDays(china('2025-10-09 15:00'), DUE_IN)).toEqual(china('2025-10-11 15:00'));
  });

  it('across Spring Festival 2026: Friday 02-13 09:00 → worked Saturday 02-14, holiday, due Tuesday 02-24 09:00', () => {
    expect(calendar.addWorkingDays(china('2026-02-13 09:00'), DUE_IN)).toEqual(china('2026-02-24 09:00'));
  });

  it('received on a holiday → counts from 00:00 of the next working day, due at the end of the 2nd', () => {
    expect(calendar.addWorkingDays(china('2026-02-17 11:00'), DUE_IN)).toEqual(china('2026-02-26 00:00')); // end of Wed 02-25
    expect(calendar.addWorkingDays(china('2025-10-03 08:00'), DUE_IN)).toEqual(china('2025-10-11 00:00')); // end of Fri 10-10
    // the end of Friday, not Monday morning: the deadline does not slide over the weekend after it
    expect(calendar.addWorkingDays(china('2025-01-01 09:00'), DUE_IN)).toEqual(china('2025-01-04 00:00'));
  });

  it('received on an ordinary Saturday → due at the end of Tuesday', () => {
    expect(calendar.addWorkingDays(china('2025-11-15 10:00'), DUE_IN)).toEqual(china('2025-11-19 00:00'));
  });

  it('received late in the evening → the same late clock time two working days on; at midnight → end of the 2nd day', () => {
    expect(calendar.addWorkingDays(china('2025-11-13 23:30'), DUE_IN)).toEqual(china('2025-11-17 23:30'));
    // at midnight a working day counts whole: due at the end of Friday
    expect(calendar.addWorkingDays(china('2025-11-13 00:00'), DUE_IN)).toEqual(china('2025-11-15 00:00'));
    // one minute left of the last day before National Day
    expect(calendar.addWorkingDays(china('2025-09-30 23:59'), DUE_IN)).toEqual(china('2025-10-10 23:59'));
  });

  it('computes in China time whatever the server zone: Friday 17:00 UTC is already Saturday 01:00 in China', () => {
    const at = new Date('2025-11-14T17:00:00Z');
    expect(calendar.addWorkingDays(at, DUE_IN)).toEqual(china('2025-11-19 00:00'));
    // what a calculation on a UTC server's own calendar would have said instead
    expect(calendar.addWorkingDays(at, DUE_IN, 'UTC')).toEqual(new Date('2025-11-18T17:00:00Z'));
    // 16:30 UTC on 09-30 is 00:30 on 10-01 in China: a holiday, not the last working evening
    expect(calendar.addWorkingDays(new Date('2025-09-30T16:30:00Z'), DUE_IN)).toEqual(china('2025-10-11 00:00'));
  });

  it('adds zero working days as "now" on a working day and "next working morning" otherwise', () => {
    expect(calendar.addWorkingDays(china('2025-11-13 15:00'), 0)).toEqual(china('2025-11-13 15:00'));
    expect(calendar.addWorkingDays(china('2025-10-05 15:00'), 0)).toEqual(china('2025-10-09 00:00'));
  });
});

describe('workingDaysBetween: the same clock, measured', () => {
  it('is the inverse of addWorkingDays', () => {
    for (const wall of ['2025-11-13 15:00', '2025-09-30 23:59', '2026-02-13 09:00', '2026-02-17 11:00']) {
      const at = china(wall);
      expect([wall, calendar.workingDaysBetween(at, calendar.addWorkingDays(at, DUE_IN))]).toEqual([wall, DUE_IN]);
    }
  });

  it('stops over weekends and holidays, runs on adjusted working days, and is signed', () => {
    expect(calendar.workingDaysBetween(china('2025-11-15 00:00'), china('2025-11-17 00:00'))).toBe(0);
    expect(calendar.workingDaysBetween(china('2025-10-01 00:00'), china('2025-10-09 12:00'))).toBe(0.5);
    expect(calendar.workingDaysBetween(china('2025-09-27 00:00'), china('2025-09-29 00:00'))).toBe(1); // Sunday 09-28 only
    expect(calendar.workingDaysBetween(china('2025-11-17 15:00'), china('2025-11-13 15:00'))).toBe(-2);
    expect(calendar.workingDaysBetween(china('2025-11-16 09:00'), china('2025-11-15 09:00'))).toBe(0);
  });
});

describe('past the covered years', () => {
  const { from, to } = calendar.coveredYears;

  function failure(run: () => unknown): PublisherError {
    try {
      run();
    } catch (error) {
      if (error instanceof PublisherError) return error;
      throw error;
    }
    throw new Error('expected the calendar to refuse');
  }

  it('refuses a day after the last covered year, naming the years and the package to update', () => {
    const error = failure(() => calendar.isWorkingDay(`${to + 1}-03-02`));
    expect([error.code, error.status, error.expose]).toEqual(['CALENDAR_NOT_COVERED', 503, true]);
    expect(error.message).toContain(`只收录 ${from}—${to} 年`);
    expect(error.message).toContain('更新 chinese-days 依赖');
    expect(error.details).toMatchObject({ day: `${to + 1}-03-02`, coveredYears: { from, to } });
  });

  it('refuses a day before the first covered year', () => {
    expect(failure(() => calendar.isWorkingDay(`${from - 1}-06-02`)).code).toBe('CALENDAR_NOT_COVERED');
  });

  it('refuses a due date that would run into an uncovered year rather than guess by weekday', () => {
    expect(failure(() => calendar.addWorkingDays(china(`${to}-12-31 10:00`), DUE_IN)).code).toBe('CALENDAR_NOT_COVERED');
    expect(failure(() => calendar.workingDaysBetween(china(`${to}-12-30 10:00`), china(`${to + 1}-01-04 10:00`))).code).toBe('CALENDAR_NOT_COVERED');
  });
});

describe('lateness', () => {
  it('counts working days while the calendar covers them', () => {
    // Due Friday 2026-10-09 10:00; Saturday the 10th is worked (调休), Sunday is not: Monday 10:00 is 2 working days late.
    expect(lateness(calendar, new Date('2026-10-09T10:00:00+08:00'), new Date('2026-10-12T10:00:00+08:00'))).toEqual({ days: 2, unit: '个工作日' });
  });
  it('falls back to calendar days, and says so, once the clock is past the covered years', () => {
    const past = `${calendar.coveredYears.to + 1}-01-05T10:00:00+08:00`;
    const late = lateness(calendar, new Date(`${calendar.coveredYears.to}-12-31T10:00:00+08:00`), new Date(past));
    expect(late).toEqual({ days: 5, unit: expect.stringContaining('自然日') });
  });
});

describe('the CMS 节假日安排 table', () => {
  // Made-up years and dates for the mechanism, far from any real notice.
  const filed = (year: number, holidays: Array<[string, string, string]>, workdays: string[] = []) => expandYear({
    year, notice: null, updatedAt: '2026-11-20T00:00:00Z',
    holidays: holidays.map(([name, firstDay, lastDay]) => ({ name, firstDay, lastDay })), workdays: workdays.map((date) => ({ date, note: null })),
  });
  const withTable = (...years: YearArrangement[]) => workingDayCalendar(() => new Map(years.map((y) => [y.year, y])));
  const to = calendar.coveredYears.to;

  it('covers a year the package lacks, and a holiday in it moves the due date by its length', () => {
    const next = to + 1;
    const plain = withTable(filed(next, [['元旦', `${next}-01-01`, `${next}-01-01`]]));
    const withMay = withTable(filed(next, [['元旦', `${next}-01-01`, `${next}-01-01`], ['测试假期', `${next}-05-03`, `${next}-05-05`]]));
    expect(plain.coveredYears.to).toBe(next);
    expect(plain.sourceOf(next)).toBe('cms');
    // Received on a Friday afternoon before the three days off (whatever weekday they fall on, compared like for like).
    const at = new Date(`${next}-04-30T15:00:00+08:00`);
    const gained = (withMay.addWorkingDays(at, DUE_IN).getTime() - plain.addWorkingDays(at, DUE_IN).getTime()) / 86_400_000;
    const weekdaysOff = [3, 4, 5].filter((d) => plain.isWorkingDay(`${next}-05-0${d}`)).length;
    expect(gained).toBeGreaterThanOrEqual(weekdaysOff);
    expect(weekdaysOff).toBeGreaterThan(0);
    expect(withMay.workingDaysBetween(at, withMay.addWorkingDays(at, DUE_IN))).toBe(DUE_IN);
  });

  it('wins over the package for a year both have', () => {
    // The package says 2025-10-01 is National Day; a table for 2025 without it makes it an ordinary Wednesday.
    const table = withTable(filed(2025, [['测试', '2025-06-02', '2025-06-02']], ['2025-06-07']));
    expect(table.sourceOf(2025)).toBe('cms');
    expect(table.isWorkingDay('2025-10-01')).toBe(true);
    expect(table.isWorkingDay('2025-06-02')).toBe(false); // a Monday off
    expect(table.isWorkingDay('2025-06-07')).toBe(true); // a Saturday worked
    expect(table.isWorkingDay('2025-09-28')).toBe(false); // the package's 调休 Sunday is not the table's
    expect(calendar.isWorkingDay('2025-10-01')).toBe(false);
  });

  it('leaves out dates outside the filed year instead of spreading them into another year', () => {
    const y = filed(to + 1, [['跨年', `${to}-12-31`, `${to + 1}-01-01`]], [`${to + 2}-01-02`]);
    expect([...y.offDays, ...y.workingDays]).toEqual([]);
  });
});

describe('calendarWarning on /status', () => {
  const to = calendar.coveredYears.to;
  it('warns from November when next year is in neither the package nor the CMS table, and not once it is filed', () => {
    expect(calendarWarning(calendar, `${to}-10-31`)).toBeNull();
    expect(calendarWarning(calendar, `${to}-11-01`)).toBe(`${to + 1} 年节假日安排尚未录入：请按国务院办公厅通知在 CMS 的 节假日安排 中填写。在此之前 ${to + 1} 年的咨询答复时限无法计算（咨询照常受理）`);
    expect(calendarWarning(calendar, `${to + 1}-01-05`)).toContain(`${to + 1} 年节假日安排尚未录入`);
    const filed = expandYear({ year: to + 1, notice: null, updatedAt: '', holidays: [{ name: '元旦', firstDay: `${to + 1}-01-01`, lastDay: `${to + 1}-01-01` }], workdays: [] });
    expect(calendarWarning(workingDayCalendar(() => new Map([[to + 1, filed]])), `${to}-12-20`)).toBeNull();
  });
});
