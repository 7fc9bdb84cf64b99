import { eventsIcs, sequenceAt, stillCancelled, type CancelledEvent, type LiveEvent } from './event-calendar';

/** The iCalendar file's lines for one UID (ical-generator folds nothing this short). */
const veventOf = (ics: string, uid: string) => {
  const blocks = ics.split('BEGIN:VEVENT').slice(1).map((b) => b.split('END:VEVENT')[0]);
  const block = blocks.find((b) => b.includes(`UID:${uid}\r\n`));
  return block ? Object.fromEntries(block.trim().split('\r\n').map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)])) : undefined;
};

const event = (documentId: string, title: string, endsAt: string, sites = ['juxian-portal']): LiveEvent => ({
  documentId, channel: 'web', hash: 'h', title, publishedAt: '2026-11-01T02:00:00.000Z', updatedAt: '2026-11-02T02:00:00.000Z', artifacts: [],
  payload: {
    kind: 'event', startsAt: new Date(Date.parse(endsAt) - 3_600_000).toISOString(), endsAt, time: '', place: '不动产登记中心', location: '不动产登记中心',
    summary: '走进不动产登记中心', department: '莒县自然资源局', registration: '无需报名', liveUrl: null, vrUrl: null, capacity: null,
    sites: sites.map((code) => ({ code, path: `/sites/${code}/events/${documentId}.html` })),
  } as unknown as LiveEvent['payload'],
});
const withdrawn = (e: LiveEvent, withdrawnAt: string): CancelledEvent => ({ ...e, withdrawnAt });
const SITE = { code: 'juxian-portal', name: '莒县人民政府' };

describe('the iCalendar file', () => {
  it('names a withdrawn event as cancelled, under the same UID, with a higher sequence and 【已取消】 before its title', () => {
    const open = event('ev1', '政府开放日', '2026-12-20T04:00:00.000Z');
    const before = veventOf(eventsIcs([open], SITE, 'https://gov.example'), 'ev1@tongyuan')!;
    expect(before.STATUS).toBeUndefined();
    expect(before.SUMMARY).toBe('政府开放日');

    const after = veventOf(eventsIcs([], SITE, 'https://gov.example', [withdrawn(open, '2026-11-03T02:00:00.000Z')]), 'ev1@tongyuan')!;
    expect(after.STATUS).toBe('CANCELLED');
    expect(after.SUMMARY).toBe('【已取消】政府开放日');
    expect(Number(after.SEQUENCE)).toBeGreaterThan(Number(before.SEQUENCE));
    expect(after.URL).toBeUndefined(); // its page is gone
    expect(after.DESCRIPTION).toContain('本活动已取消');
  });

  it('counts higher even when withdrawn in the second it went live, and fits 32 bits for decades', () => {
    const open = event('ev1', '政府开放日', '2026-12-20T04:00:00.000Z');
    const after = veventOf(eventsIcs([], SITE, 'https://gov.example', [withdrawn(open, open.updatedAt)]), 'ev1@tongyuan')!;
    expect(Number(after.SEQUENCE)).toBe(sequenceAt(open.updatedAt) + 1);
    expect(sequenceAt('2080-01-01T00:00:00.000Z')).toBeLessThan(2 ** 31);
  });

  it('keeps a withdrawn event while it has not ended or ended within 30 days, on the sites it was published on, unless live again', () => {
    const today = '2026-12-04';
    const cancelled = [
      withdrawn(event('future', '将来', '2027-01-10T04:00:00.000Z'), '2026-12-01T00:00:00.000Z'),
      withdrawn(event('recent', '刚结束', '2026-11-05T04:00:00.000Z'), '2026-11-01T00:00:00.000Z'), // 29 days ago
      withdrawn(event('old', '早已结束', '2026-11-02T04:00:00.000Z'), '2026-10-01T00:00:00.000Z'), // 32 days ago
      withdrawn(event('elsewhere', '别处', '2027-01-10T04:00:00.000Z', ['yichun-portal']), '2026-12-01T00:00:00.000Z'),
      withdrawn(event('back', '又发布了', '2027-01-10T04:00:00.000Z'), '2026-12-01T00:00:00.000Z'),
    ];
    const live = [event('back', '又发布了', '2027-01-10T04:00:00.000Z')];
    expect(stillCancelled(cancelled, live, SITE.code, today).map((e) => e.documentId)).toEqual(['future', 'recent']);
  });
});
