import { chinaDateTime, eventPlaceLabel, eventTimeLabel, type OpenEvent } from '../document/types';

/**
 * What every channel tells about a 开放活动, in one order and one wording: the page's fact list, the
 * feed entry, the WeChat article, the Weibo post, the kiosk page and the short video's slides all
 * read these lines. `href` marks a line that is a web address (a link where the channel can link).
 */
export interface EventFact { key: string; label: string; text: string; href?: string }

const at = (iso: string) => chinaDateTime(new Date(iso));

/** 报名 as one line: no registration, or the capacity and the window (China time); without an opening time, open from the day it is published (what a reader sees is that it is open now). */
export function registrationLine(event: OpenEvent): string {
  if (event.capacity == null) return '无需报名，可直接参加';
  const from = event.registrationOpensAt ? `${at(event.registrationOpensAt)} 起` : '即日起可报名';
  const until = `${at(event.registrationClosesAt ?? event.startsAt)} 截止`;
  return `限 ${event.capacity} 人，${from}，${until}`;
}

export function eventFacts(event: OpenEvent): EventFact[] {
  const facts: EventFact[] = [
    { key: 'time', label: '时间', text: `${eventTimeLabel(event)}（北京时间）` },
    { key: 'place', label: '地点', text: event.place ?? eventPlaceLabel(event) },
  ];
  if (event.liveUrl) facts.push({ key: 'live', label: '线上直播', text: event.liveUrl, href: event.liveUrl });
  if (event.vrUrl) facts.push({ key: 'vr', label: 'VR 参观', text: event.vrUrl, href: event.vrUrl });
  if (event.audience) facts.push({ key: 'audience', label: '参加对象', text: event.audience });
  facts.push({ key: 'registration', label: '报名', text: registrationLine(event) });
  if (event.bring) facts.push({ key: 'bring', label: '携带物品', text: event.bring });
  if (event.accessibility) facts.push({ key: 'accessibility', label: '无障碍', text: event.accessibility });
  if (event.department) facts.push({ key: 'department', label: '主办', text: event.department.name });
  return facts;
}

/** The facts as plain lines (「时间：…」), for channels that carry text only. */
export const eventFactLines = (event: OpenEvent, keys?: string[]): string[] =>
  eventFacts(event).filter((f) => !keys || keys.includes(f.key)).map((f) => `${f.label}：${f.text}`);
