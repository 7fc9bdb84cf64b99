import { eventMonth, eventTimeLabel, openEventProblems, registrationState } from './open-event';

/** 开放活动's rules, as the CMS (on save) and the publisher (on ingest) apply them. */
const event = {
  startsAt: '2027-01-15T01:00:00.000Z', endsAt: '2027-01-15T03:30:00.000Z', place: '医保服务大厅', liveUrl: null, vrUrl: null,
  capacity: 30, registrationOpensAt: '2027-01-01T00:00:00.000Z', registrationClosesAt: '2027-01-14T09:00:00.000Z',
};

describe('open event rules', () => {
  it('accept a well-formed event, offline or online only', () => {
    expect(openEventProblems(event)).toEqual([]);
    expect(openEventProblems({ ...event, place: null, liveUrl: 'https://live.example.gov.cn/x' })).toEqual([]);
  });

  it('refuse, naming the field, what an author must fix', () => {
    expect(openEventProblems({ ...event, endsAt: event.startsAt })).toEqual(['结束时间早于或等于开始时间：请把结束时间改到开始时间之后']);
    expect(openEventProblems({ ...event, place: ' ' })[0]).toMatch(/^没有填写活动地点/);
    expect(openEventProblems({ ...event, liveUrl: 'javascript:alert(1)' })[0]).toMatch(/^直播地址“javascript:alert\(1\)”不是网址/);
    expect(openEventProblems({ ...event, capacity: null })[0]).toMatch(/^填写了报名时间但没有填写名额/);
    expect(openEventProblems({ ...event, registrationClosesAt: '2026-12-01T00:00:00.000Z' })[0]).toMatch(/^报名截止时间早于或等于报名开始时间/);
    expect(openEventProblems({ ...event, registrationClosesAt: '2027-01-16T00:00:00.000Z' })[0]).toMatch(/^报名截止时间晚于活动结束时间/);
  });

  it('show times in China time and tell the registration state at an instant', () => {
    expect(eventTimeLabel(event)).toBe('2027-01-15 09:00 至 11:30');
    expect(eventTimeLabel({ ...event, endsAt: '2027-01-16T09:00:00.000Z' })).toBe('2027-01-15 09:00 至 2027-01-16 17:00');
    // 2027-01-31 23:30 UTC is already February in China.
    expect(eventMonth({ startsAt: '2027-01-31T23:30:00.000Z' })).toBe('2027-02');
    expect(registrationState(event, new Date('2026-12-31T23:59:59Z'))).toBe('not-yet');
    expect(registrationState(event, new Date('2027-01-10T00:00:00Z'))).toBe('open');
    expect(registrationState(event, new Date('2027-01-14T09:00:00Z'))).toBe('closed');
    expect(registrationState({ ...event, capacity: null }, new Date('2027-01-10T00:00:00Z'))).toBe('none');
    // No window given: open from publication until the start.
    expect(registrationState({ ...event, registrationOpensAt: null, registrationClosesAt: null }, new Date('2027-01-15T00:59:00Z'))).toBe('open');
  });
});
