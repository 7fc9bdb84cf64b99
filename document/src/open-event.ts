import { chinaDateTime } from './china-time';
import type { OpenEvent } from './types';

/**
 * 开放活动's rules, written once: the CMS refuses a draft that breaks them (cms/src/workflow/guard.ts),
 * and every channel shows times and the registration state the same way.
 */
type Maybe<T> = T | null | undefined;
export interface OpenEventFields {
  startsAt?: Maybe<string>; endsAt?: Maybe<string>; place?: Maybe<string>; liveUrl?: Maybe<string>; vrUrl?: Maybe<string>;
  capacity?: Maybe<number>; registrationOpensAt?: Maybe<string>; registrationClosesAt?: Maybe<string>;
}

const WEB_ADDRESS = /^https?:\/\/[^\s<>"']+$/i;
const time = (value: Maybe<string>) => (value ? Date.parse(value) : NaN);
const blank = (value: Maybe<string>) => !value || !value.trim();

/** What an author must fix before an event can be saved, in words naming the field. */
export function openEventProblems(event: OpenEventFields): string[] {
  const problems: string[] = [];
  const starts = time(event.startsAt);
  const ends = time(event.endsAt);
  if (!Number.isNaN(starts) && !Number.isNaN(ends) && ends <= starts) problems.push('结束时间早于或等于开始时间：请把结束时间改到开始时间之后');
  if (blank(event.place) && blank(event.liveUrl) && blank(event.vrUrl)) problems.push('没有填写活动地点，也没有直播地址或 VR 参观链接：线下活动请填写地点，线上活动请填写直播地址');
  for (const [field, label] of [['liveUrl', '直播地址'], ['vrUrl', 'VR 参观链接']] as const) {
    const value = event[field];
    if (!blank(value) && !WEB_ADDRESS.test(value!.trim())) problems.push(`${label}“${value}”不是网址：请填写以 https:// 开头的完整地址`);
  }
  const opens = time(event.registrationOpensAt);
  const closes = time(event.registrationClosesAt);
  if (event.capacity == null && (!Number.isNaN(opens) || !Number.isNaN(closes))) {
    problems.push('填写了报名时间但没有填写名额：需要报名的活动请填写名额，不需要报名请清空报名时间');
  }
  if (!Number.isNaN(opens) && !Number.isNaN(closes) && closes <= opens) problems.push('报名截止时间早于或等于报名开始时间：请调整报名时间');
  if (!Number.isNaN(closes) && !Number.isNaN(ends) && closes > ends) problems.push('报名截止时间晚于活动结束时间：请把报名截止时间改到活动结束之前');
  return problems;
}

/** "2026-08-01 09:30 至 11:30" (one day) or "2026-08-01 09:30 至 2026-08-03 17:00", China time. */
export function eventTimeLabel(event: Pick<OpenEvent, 'startsAt' | 'endsAt'>): string {
  const start = chinaDateTime(new Date(event.startsAt));
  const end = chinaDateTime(new Date(event.endsAt));
  return start.slice(0, 10) === end.slice(0, 10) ? `${start} 至 ${end.slice(11)}` : `${start} 至 ${end}`;
}

/** Where it happens, as one line: the place, and/or 线上. */
export function eventPlaceLabel(event: Pick<OpenEvent, 'place' | 'liveUrl' | 'vrUrl'>): string {
  const online = event.liveUrl || event.vrUrl ? '线上' : '';
  return [event.place, online].filter(Boolean).join(' · ') || '待定';
}

export type RegistrationState = 'none' | 'not-yet' | 'open' | 'closed';
export const REGISTRATION_LABELS: Record<RegistrationState, string> = {
  none: '无需报名', 'not-yet': '报名未开始', open: '报名中', closed: '报名已截止',
};

/** Whether the event takes registrations at `now`: none without a capacity; the window defaults to publication … the start. */
export function registrationState(event: Pick<OpenEvent, 'capacity' | 'registrationOpensAt' | 'registrationClosesAt' | 'startsAt'>, now: Date): RegistrationState {
  if (event.capacity == null) return 'none';
  const at = now.getTime();
  if (event.registrationOpensAt && at < Date.parse(event.registrationOpensAt)) return 'not-yet';
  const closes = Date.parse(event.registrationClosesAt ?? event.startsAt);
  return at < closes ? 'open' : 'closed';
}

/** The China month (YYYY-MM) an event starts in: the calendar page groups by it. */
export const eventMonth = (event: Pick<OpenEvent, 'startsAt'>): string => chinaDateTime(new Date(event.startsAt)).slice(0, 7);
