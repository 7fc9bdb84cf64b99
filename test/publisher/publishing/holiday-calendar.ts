import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { wireServices } from '../../../publisher/src/main/wiring';
import { receiveQuestion } from '../../../publisher/src/questions/receive-question';
import { workingDayCalendar } from '../../../publisher/src/questions/working-days';
import type { Services } from '../../../publisher/src/main/services';
import { HolidayStore } from '../../../publisher/src/store/holidays';
import { REPO } from '../../support/cms';
import { freePort, waitFor } from '../../support/processes';
import { OPS_AUTH, type Stack } from '../../support/stack';
import { adminToken, type SharedStack } from '../../support/shared-stack';
import { contentApi, contentManager } from '../../support/strapi-api';

/**
 * The working-day calendar past the package's years: a clerk files a year's 节假日安排 in the CMS,
 * the publisher reads it (on the webhook) into its store, and due dates use it; /status warns from
 * November while next year is in neither. The 2027 dates below are test data, not the State
 * Council's arrangement (unknown when this was written). No other module on publishing.test.ts's stack
 * files a year, so the CMS has none when this starts.
 */
const HOLIDAY = 'api::holiday-arrangement.holiday-arrangement';
const china = (wall: string) => new Date(`${wall.replace(' ', 'T')}:00+08:00`);
const NEW_YEAR = { name: '元旦', firstDay: '2027-01-01', lastDay: '2027-01-01' };
let stack: Stack;
let jwt: string;
const opened: Services[] = [];
const cm = () => contentManager(stack.cms.url, jwt);

/** The publisher's services in this process with a clock the test sets (they load the table from the store). */
async function servicesAt(wall: string, env: Record<string, string> = {}): Promise<Services> {
  const services = await wireServices('test', { ...stack.env, ...env }, () => china(wall));
  opened.push(services);
  return services;
}

let asked = 0;
async function dueAt(services: Services): Promise<string | null> {
  asked += 1; // a different question each time: the same one again would get its first receipt back
  const receipt = await receiveQuestion(services, { body: `节日前的咨询（${asked}）：医保缴费截止到哪天？` }, { source: 'api', sender: { kind: 'operator', name: 'holiday-test' } });
  return receipt.dueAt;
}

/**
 * /status as JSON and as the page, from the publisher's own app (the route and template that serve it) with its clock
 * set to `wall` China time — built in a child process, as the abuse tests build it (the app's ESM dependencies stay out of jest).
 */
const STATUS_AT = `
const { buildApp } = require('./src/api/server');
const { wireServices } = require('./src/main/wiring');
(async () => {
  const at = new Date(process.env.STATUS_AT);
  const app = await buildApp(await wireServices('status-at', process.env, () => at), { requestRefetchAll() {} });
  const json = await app.inject({ url: '/status', headers: { authorization: process.env.OPS_AUTH, accept: 'application/json' } });
  const page = await app.inject({ url: '/status', headers: { authorization: process.env.OPS_AUTH } });
  process.stdout.write(JSON.stringify({ warning: json.json().questions.calendarWarning, page: page.body }));
  process.exit(0);
})();`;
async function statusAt(wall: string): Promise<{ warning: string | null; page: string }> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--no-deprecation', '--import', 'tsx', '-e', STATUS_AT], {
    cwd: path.join(REPO, 'publisher'), env: { ...process.env, ...stack.env, LOG_LEVEL: 'error', STATUS_AT: china(wall).toISOString(), OPS_AUTH }, encoding: 'utf8', maxBuffer: 16 * 2 ** 20,
  });
  return JSON.parse(stdout);
}

const savedYears = async (services: Services) => (await new HolidayStore(services.db).all()).map((y) => [y.year, y.holidays.length]);

export function holidayCalendarTests(ctx: SharedStack) {
  describe('holiday calendar', () => {
    beforeAll(async () => {
      stack = ctx.stack;
      jwt = await adminToken(stack);
    }, 420_000);

    afterAll(async () => {
      for (const services of opened) {
        await services.queues.close();
        services.counters.disconnect();
        await services.db.destroy();
      }
    });

    it('refuses a year with a date outside it, a day both off and worked, or a day twice, saying what to fix', async () => {
      const refused = async (data: object) => {
        const response = await cm().create(HOLIDAY, { year: 2027, ...data });
        expect(response.status).toBe(400);
        return response.body.error.message as string;
      };
      expect(await refused({ holidays: [{ name: '元旦', firstDay: '2026-12-31', lastDay: '2027-01-01' }] })).toContain('“元旦”的放假日期 2026-12-31 不在 2027 年内');
      expect(await refused({ holidays: [NEW_YEAR], workdays: [{ date: '2027-01-01', note: '元旦调休' }] })).toContain('2027-01-01 既在“元旦”的放假日期内，又是调休上班日');
      expect(await refused({ holidays: [NEW_YEAR, { name: '元旦假期', firstDay: '2027-01-01', lastDay: '2027-01-02' }] })).toContain('2027-01-01 在“元旦”和“元旦假期”中重复放假');
      expect(await refused({ holidays: [NEW_YEAR], workdays: [{ date: '2027-01-09' }, { date: '2027-01-09' }] })).toContain('调休上班日 2027-01-09 填了两次');
      expect((await cm().list(HOLIDAY)).body.results).toEqual([]); // nothing refused was kept
    }, 60_000);

    it('a 2027 holiday entered in the CMS moves a due date across it; /status warns from November until 2027 is filed', async () => {
      const packageHas2027 = workingDayCalendar().sourceOf(2027) !== null;
      const BEFORE_MAY_DAY = '2027-04-30 15:00'; // a Friday afternoon
      if (!packageHas2027) {
        expect(await dueAt(await servicesAt(BEFORE_MAY_DAY))).toBeNull(); // taken, but no due date: the calendar has no 2027
        expect((await statusAt('2026-10-31 12:00')).warning).toBeNull(); // not yet November
        const november = await statusAt('2026-11-02 09:00');
        expect(november.warning).toContain('2027 年节假日安排尚未录入：请按国务院办公厅通知在 CMS 的 节假日安排 中填写');
        expect(november.page).toContain('2027 年节假日安排尚未录入');
      }

      // The clerk files 2027 with New Year's Day only: the publisher reads it on the webhook and keeps it in its store.
      const created = await cm().create(HOLIDAY, { year: 2027, notice: '测试数据（非国务院通知）', holidays: [NEW_YEAR], workdays: [] });
      expect(created.status).toBe(201);
      const reader = await servicesAt(BEFORE_MAY_DAY);
      await waitFor('2027 in the publisher store', async () => JSON.stringify(await savedYears(reader)) === '[[2027,1]]', 30_000, 300);
      expect(await dueAt(await servicesAt(BEFORE_MAY_DAY))).toBe(china('2027-05-04 15:00').toISOString()); // Friday → Tuesday over the weekend
      expect((await statusAt('2026-11-02 09:00')).warning).toBeNull();

      // Then three days off after that weekend (Monday to Wednesday): the same question is due three days later.
      const updated = await cm().update(HOLIDAY, created.body.data.documentId, {
        year: 2027, holidays: [NEW_YEAR, { name: '测试假期', firstDay: '2027-05-03', lastDay: '2027-05-05' }], workdays: [{ date: '2027-05-08', note: '测试调休' }],
      });
      expect(updated.status).toBe(200);
      await waitFor('the holiday in the publisher store', async () => JSON.stringify(await savedYears(reader)) === '[[2027,2]]', 30_000, 300);
      expect(await dueAt(await servicesAt(BEFORE_MAY_DAY))).toBe(china('2027-05-07 15:00').toISOString());
      // Received on the Thursday after: Friday, then the worked Saturday 05-08 (调休), due Saturday 10:00.
      expect(await dueAt(await servicesAt('2027-05-06 10:00'))).toBe(china('2027-05-08 10:00').toISOString());

      // The publisher's read token sees what the clerk filed (nothing private in it).
      expect((await contentApi(stack.cms.url, stack.env.STRAPI_TOKEN).get('/holiday-arrangements?populate=*')).body.data[0].holidays).toHaveLength(2);

      // The CMS away: a process starting now still has 2027 from the store, and a failed refresh keeps it.
      const offline = await servicesAt(BEFORE_MAY_DAY, { STRAPI_URL: `http://127.0.0.1:${await freePort()}` });
      expect(await offline.holidays.refresh()).toBe('kept');
      expect(offline.calendar.sourceOf(2027)).toBe('cms');
      expect(await dueAt(offline)).toBe(china('2027-05-07 15:00').toISOString());
    }, 420_000); // three child processes build the publisher's app, slow on a busy 2-core machine
  });
}
