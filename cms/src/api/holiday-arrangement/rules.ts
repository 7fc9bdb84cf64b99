/**
 * What a clerk may save as one year's 节假日安排, checked on every write (admin, REST, scripts):
 * every date inside the year, each holiday's days in order, no day off twice, no day both off and
 * worked, and adjusted working days (调休上班) only on a Saturday or Sunday — a weekday is worked
 * anyway, so one there is a typo for another date. Messages name the entry and say what to change.
 */
export interface HolidayArrangementInput {
  year?: number | null;
  holidays?: Array<{ name?: string | null; firstDay?: string | null; lastDay?: string | null }> | null;
  workdays?: Array<{ date?: string | null; note?: string | null }> | null;
}

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];
const DAY_MS = 86_400_000;
/** A day that exists, as YYYY-MM-DD (2027-02-30 does not). */
const isDay = (day: unknown): day is string => typeof day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(day) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day);
const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

export function holidayArrangementProblems(entry: HolidayArrangementInput): string[] {
  const problems: string[] = [];
  const year = entry.year;
  if (!Number.isInteger(year)) return ['请填写年份，如 2027'];
  const inYear = (day: string) => day.startsWith(`${year}-`);
  const holidays = entry.holidays ?? [];
  const workdays = entry.workdays ?? [];
  if (holidays.length === 0) problems.push(`${year} 年的节假日安排还没有放假日期：请按国务院办公厅通知逐个节日填写放假的第一天和最后一天`);

  const offBy = new Map<string, string>(); // day → the holiday it belongs to
  holidays.forEach((h, index) => {
    const name = h.name?.trim() || `第 ${index + 1} 个放假安排`;
    if (!isDay(h.firstDay) || !isDay(h.lastDay)) {
      problems.push(`“${name}”缺少放假的第一天或最后一天`);
      return;
    }
    const outside = [h.firstDay, h.lastDay].filter((day) => !inYear(day));
    if (outside.length > 0) {
      problems.push(`“${name}”的放假日期 ${outside.join('、')} 不在 ${year} 年内：本条只填 ${year} 年的日期，其他年份的请填在那一年的节假日安排里`);
      return;
    }
    if (h.lastDay < h.firstDay) {
      problems.push(`“${name}”的放假最后一天（${h.lastDay}）早于第一天（${h.firstDay}）：请对照通知改正`);
      return;
    }
    for (let day = h.firstDay; day <= h.lastDay; day = nextDay(day)) {
      const earlier = offBy.get(day);
      if (earlier) problems.push(`${day} 在“${earlier}”和“${name}”中重复放假：同一天只填在一个放假安排里`);
      else offBy.set(day, name);
    }
  });

  const worked = new Set<string>();
  workdays.forEach((w, index) => {
    const label = w.note?.trim() ? `调休上班日“${w.note.trim()}”` : `第 ${index + 1} 个调休上班日`;
    if (!isDay(w.date)) {
      problems.push(`${label}缺少日期`);
      return;
    }
    if (!inYear(w.date)) {
      problems.push(`调休上班日 ${w.date} 不在 ${year} 年内：本条只填 ${year} 年的日期`);
      return;
    }
    if (worked.has(w.date)) {
      problems.push(`调休上班日 ${w.date} 填了两次：请删去重复的一条`);
      return;
    }
    worked.add(w.date);
    const off = offBy.get(w.date);
    if (off) problems.push(`${w.date} 既在“${off}”的放假日期内，又是调休上班日：请对照通知改正其中一个`);
    else if (weekday(w.date) !== 0 && weekday(w.date) !== 6) {
      problems.push(`调休上班日 ${w.date} 是${WEEKDAYS[weekday(w.date)]}，本来就要上班：调休上班日是周六或周日，请对照通知改正日期`);
    }
  });
  return problems;
}
