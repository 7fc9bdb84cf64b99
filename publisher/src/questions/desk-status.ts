import { chinaDateTime, chinaToday } from '@tongyuan/channels';
import type { Services } from '../services';
import { lateness } from './working-days';

/** The question desk on the status page: open, overdue (highlighted, with how late), not yet in the CMS, and a calendar running out. */

export async function questionDeskStatus(services: Services) {
  const { questionDesk: desk, calendar, clock } = services;
  const now = clock();
  const open = await desk.open();
  const overdue = await desk.overdue(now.toISOString());
  const nextYear = Number(chinaToday(now).slice(0, 4)) + 1;
  const soon = now.getTime() + 30 * 86_400_000 >= Date.parse(`${nextYear}-01-01T00:00:00+08:00`);
  return {
    open: open.length,
    undelivered: open.filter((q) => !q.delivered_at).length,
    undated: open.filter((q) => !q.due_at).length,
    calendarWarning: calendar.coveredYears.to < nextYear && soon
      ? `工作日日历只到 ${calendar.coveredYears.to} 年：${nextYear} 年起的答复时限无法计算（咨询照常受理）。请在国务院办公厅公布 ${nextYear} 年节假日安排后更新 chinese-days 依赖。`
      : null,
    overdue: overdue.map((q) => ({
      receipt: q.receipt, department: q.department_name ?? '（未分派）', receivedAt: chinaDateTime(new Date(q.received_at)), dueAt: chinaDateTime(new Date(q.due_at!)),
      overdue: ((late) => `${late.days.toFixed(1)} ${late.unit}`)(lateness(calendar, new Date(q.due_at!), now)),
    })),
  };
}
