import ical, { ICalEventStatus } from 'ical-generator';
import type { LiveRendition } from '../channel';
import { chinaDayOf, eventMonth } from '../document/types';
import type { WebPayload } from './channel';

/**
 * A site's 开放活动 as a calendar: the page groups them by the China month they start in (upcoming
 * soonest first, past latest first), and the iCalendar file (RFC 5545, written by ical-generator)
 * lets phones subscribe. Both read the web channel's live renditions; a withdrawn event leaves the
 * page with its own page, and stays in the iCalendar file as cancelled for a while (eventsIcs).
 */
export type EventPayload = Extract<WebPayload, { kind: 'event' }>;
export type LiveEvent = LiveRendition<EventPayload>;

export const isEvent = (item: LiveRendition<WebPayload>): item is LiveEvent => item.payload.kind === 'event';

const monthLabel = (month: string) => `${month.slice(0, 4)} 年 ${Number(month.slice(5, 7))} 月`;

export interface CalendarMonth { month: string; events: Array<{ title: string; href: string; startsAt: string; time: string; place: string; registration: string | null }> }

/** Upcoming (ending today or later, China time) and past events, by month. */
export function calendarMonths(events: LiveEvent[], site: string, today: string): { upcoming: CalendarMonth[]; past: CalendarMonth[] } {
  const byStart = [...events].sort((a, b) => a.payload.startsAt.localeCompare(b.payload.startsAt) || a.title.localeCompare(b.title));
  const upcoming = byStart.filter((e) => chinaDayOf(new Date(e.payload.endsAt)) >= today);
  const past = byStart.filter((e) => chinaDayOf(new Date(e.payload.endsAt)) < today).reverse();
  const group = (list: LiveEvent[], withRegistration: boolean): CalendarMonth[] => {
    const months = new Map<string, CalendarMonth>();
    for (const e of list) {
      const month = eventMonth(e.payload);
      if (!months.has(month)) months.set(month, { month: monthLabel(month), events: [] });
      months.get(month)!.events.push({
        title: e.title, href: e.payload.sites.find((s) => s.code === site)?.path ?? '#', startsAt: e.payload.startsAt, time: e.payload.time,
        place: e.payload.place, registration: withRegistration && e.payload.capacity != null ? e.payload.registration : null,
      });
    }
    return [...months.values()];
  };
  return { upcoming: group(upcoming, true), past: group(past, false) };
}

/** A withdrawn event as the web channel last showed it, and when it left. */
export type CancelledEvent = LiveEvent & { withdrawnAt: string };

/** How long after its end a withdrawn event is still announced as cancelled (phones that subscribed learn of it). */
export const CANCELLED_KEPT_DAYS = 30;

/** SEQUENCE (RFC 5545 §3.8.7.4) from a time: seconds since 2020, so every later change of an event counts higher (fits 32 bits until 2088). */
export const sequenceAt = (iso: string) => Math.max(0, Math.floor((Date.parse(iso) - Date.UTC(2020, 0, 1)) / 1000));

/** The withdrawn events a site's iCalendar file still names: published there, not live again, ended at most CANCELLED_KEPT_DAYS (China days) before `today`. */
export function stillCancelled(cancelled: CancelledEvent[], live: LiveEvent[], site: string, today: string): CancelledEvent[] {
  const since = new Date(Date.parse(`${today}T00:00:00Z`) - CANCELLED_KEPT_DAYS * 86_400_000).toISOString().slice(0, 10);
  const liveIds = new Set(live.map((e) => e.documentId));
  return cancelled.filter((e) => isEvent(e) && !liveIds.has(e.documentId) && e.payload.sites.some((s) => s.code === site)
    && chinaDayOf(new Date(e.payload.endsAt)) >= since);
}

/**
 * The iCalendar file: times in UTC (…Z), which every calendar shows in the reader's own zone (Beijing
 * time on a phone in China) and which needs no VTIMEZONE; one stable UID per event, so a changed event
 * updates the entry a phone already has instead of adding a second one. A withdrawn event (`cancelled`,
 * already chosen by stillCancelled) stays under its UID as STATUS:CANCELLED (§3.8.1.11) with a higher
 * SEQUENCE and 【已取消】 before its title, so a phone that subscribed takes it off instead of keeping it.
 */
export function eventsIcs(events: LiveEvent[], site: { code: string; name: string }, publicUrl: string, cancelled: CancelledEvent[] = []): string {
  const calendar = ical({
    name: `${site.name} · 开放活动`,
    description: `${site.name}的政府开放活动（同源发布）`,
    prodId: { company: 'tongyuan', product: 'open-events', language: 'ZH' },
    url: `${publicUrl}/sites/${site.code}/events/`,
    ttl: 3600,
  });
  const all: Array<LiveEvent | CancelledEvent> = [...events, ...cancelled];
  const ordered = all.sort((a, b) => a.payload.startsAt.localeCompare(b.payload.startsAt) || a.documentId.localeCompare(b.documentId));
  for (const e of ordered) {
    const withdrawnAt = 'withdrawnAt' in e ? e.withdrawnAt : null;
    const page = withdrawnAt ? null : e.payload.sites.find((s) => s.code === site.code)?.path;
    const url = page ? `${publicUrl}${page}` : null;
    const online = [e.payload.liveUrl && `直播：${e.payload.liveUrl}`, e.payload.vrUrl && `VR 参观：${e.payload.vrUrl}`].filter(Boolean);
    const changedAt = withdrawnAt ?? e.updatedAt;
    calendar.createEvent({
      id: `${e.documentId}@tongyuan`,
      sequence: withdrawnAt ? Math.max(sequenceAt(withdrawnAt), sequenceAt(e.updatedAt) + 1) : sequenceAt(e.updatedAt),
      ...(withdrawnAt ? { status: ICalEventStatus.CANCELLED } : {}),
      start: new Date(e.payload.startsAt),
      end: new Date(e.payload.endsAt),
      stamp: new Date(changedAt),
      lastModified: new Date(changedAt),
      summary: withdrawnAt ? `【已取消】${e.title}` : e.title,
      location: e.payload.location ?? (online.length > 0 ? '线上' : null),
      // ORGANIZER needs a mail address the department has not given: it is named in the text instead.
      description: withdrawnAt
        ? ['本活动已取消。', e.payload.department && `主办：${e.payload.department}`].filter(Boolean).join('\n')
        : [e.payload.summary, e.payload.department && `主办：${e.payload.department}`, `报名：${e.payload.registration}`, ...online, url && `详情：${url}`].filter(Boolean).join('\n'),
      url,
    });
  }
  return calendar.toString();
}
