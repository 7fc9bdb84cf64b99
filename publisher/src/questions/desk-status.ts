import { chinaDateTime, chinaDayOf } from '@tongyuan/document';
import type { QuestionRow, QuestionStore } from '../store/questions';
import { lateness, type WorkingDayCalendar } from './working-days';

/** The question desk on the status page: open, overdue (highlighted, with how late), not yet in the CMS, and a calendar running out. */

/** `keep`: only some questions (one county's, on its status page). */
export async function questionDeskStatus(services: { questionDesk: QuestionStore; calendar: WorkingDayCalendar; clock: () => Date }, keep: (q: QuestionRow) => boolean = () => true) {
  const { questionDesk: desk, calendar, clock } = services;
  const now = clock();
  const open = (await desk.open()).filter(keep);
  const overdue = (await desk.overdue(now.toISOString())).filter(keep);
  return {
    open: open.length,
    undelivered: open.filter((q) => !q.delivered_at).length,
    undated: open.filter((q) => !q.due_at).length,
    calendarWarning: calendarWarning(calendar, chinaDayOf(now)),
    overdue: overdue.map((q) => ({
      receipt: q.receipt, department: q.department_name ?? '（未分派）', receivedAt: chinaDateTime(new Date(q.received_at)), dueAt: chinaDateTime(new Date(q.due_at!)),
      overdue: ((late) => `${late.days.toFixed(1)} ${late.unit}`)(lateness(calendar, new Date(q.due_at!), now)),
    })),
  };
}

/**
 * From November (the State Council notice usually comes out then), a year that neither the CMS's
 * 节假日安排 nor the package has: next year's, or this year's once the clock has passed into it.
 */
export function calendarWarning(calendar: WorkingDayCalendar, today: string): string | null {
  const year = Number(today.slice(0, 4));
  const missing = !calendar.sourceOf(year) ? year : today.slice(5, 7) >= '11' && !calendar.sourceOf(year + 1) ? year + 1 : null;
  if (missing === null) return null;
  return `${missing} 年节假日安排尚未录入：请按国务院办公厅通知在 CMS 的 节假日安排 中填写。` +
    `在此之前 ${missing} 年的咨询答复时限无法计算（咨询照常受理）`;
}
