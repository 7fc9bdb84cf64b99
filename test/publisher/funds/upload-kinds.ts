import path from 'node:path';
import IDValidator from 'id-validator';
import type { Locator, Page } from 'playwright-core';
import { csvFile, LEDGER_HEADER, PROJECT_FUND, PROJECT_HEADER, type FundsStack } from '../../support/fund-fixture';
import { TEST_HOOK_SECRET } from '../../support/cms';
import { waitFor } from '../../support/processes';
import { fontsSettled, visibleEnglish } from '../../support/visible-english';

/**
 * 民生项目, 村级财务 and 公租房 on the CMS's 民生资金 page (issue 21), the payments' life for each:
 * 会同县's clerk uploads each kind in Chromium (a broken projects row named, nothing stored), a reviewer
 * checks each staged batch (核对明细: per township, per village and period, per status) and signs it
 * off onto the county's pages, sends a roster back with a reason, signs off its re-upload and a ledger's
 * correction with its 更正 note, then withdraws all of them — so the suites after this one find Huitong
 * as the fixture left it. The listing holds no applicant; the publisher refuses an uploader's sign-off.
 */
interface Helpers {
  accounts: Record<'clerk' | 'reviewer', { email: string; jwt: string }>;
  openFundsPage: (email: string) => Promise<Page>;
  shots: string;
}
const SITE_FUNDS = '/sites/huitong-portal/funds';
const PROJECTS_TITLE = '2026年高椅乡民生项目（后台上传）';
const LEDGER_TITLE = '高椅乡2026年第3季度村级财务（后台上传）';
const ROUND = '2026年第三批公租房（后台上传）';
const PROJECTS = [
  ['高椅村村道亮化工程', PROJECT_FUND[0], '高椅乡', '高椅村', '安装太阳能路灯 60 盏', '96000', '高椅乡人民政府', '2026-05-10', '2026-07-30', '已完工', '村道夜间通行安全'],
  ['高椅乡农贸市场改造', PROJECT_FUND[0], '高椅乡', '', '改造农贸市场 1200 平方米', '480000.50', '高椅乡人民政府', '2026-04-01', '', '在建', '方便 3 个村群众赶集'],
];
const LEDGER = [
  ['高椅乡', '高椅村', '2026年第3季度', '收入', '补助收入', '上级转移支付（村级运转经费）', '30000', '2026-07-06'],
  ['高椅乡', '高椅村', '2026年第3季度', '支出', '管理费用', '村部7月水电费', '1200.50', '2026-07-25'],
];
const validator = new IDValidator();
const HOUSING_HEADER = ['申请人姓名', '身份证号', '乡镇/街道', '家庭人口', '申请类别', '审核状态', '不予通过理由', '轮候序号', '房源小区', '楼栋', '配租日期'];
const APPLICANTS = [
  ['滕𠮷兰', validator.makeID(), '林城镇', '3', '城镇中低收入住房困难家庭', '审核通过', '', '1', '', '', ''],
  ['杨光荣', validator.makeID(), '', '2', '新就业职工', '审核通过', '', '2', '阳光苑', '5栋', '2026-08-30'],
  ['蒲秀梅', validator.makeID(), '', '1', '外来务工人员', '不予通过', '家庭人均收入超过标准', '', '', '', ''],
  ['龙国富', validator.makeID(), '', '4', '城镇中低收入住房困难家庭', '受理', '', '', '', '', ''],
];

const section = (page: Page, kind: string) => page.getByTestId(`funds-section-${kind}`);
const row = (page: Page, kind: string, title: string, status: string): Locator => section(page, kind).locator(`tr[data-status="${status}"]`, { hasText: title }).first();
const text = async (url: string) => (await fetch(url)).text();

/** Uploads a sheet as the clerk does and reads the answer (the previous answer replaced by it). */
async function upload(page: Page, kind: string, file: string, fields: { title?: string; titleLabel?: string; replaces?: string; note?: string } = {}) {
  // Picking the kind anew clears a correction's fields: only when it changes.
  if (await page.getByLabel('表格类型').inputValue() !== kind) await page.getByLabel('表格类型').selectOption(kind);
  if (fields.replaces) await page.getByLabel('更正已公开的批次').selectOption(fields.replaces);
  if (fields.title) await page.getByLabel(fields.titleLabel ?? '批次标题').fill(fields.title);
  if (fields.note) await page.getByLabel('更正说明').fill(fields.note);
  const before = await page.getByTestId('funds-result').textContent({ timeout: 100 }).catch(() => null);
  await Promise.all([page.waitForResponse((r) => r.url().includes('/tongyuan/funds/upload'), { timeout: 30_000 }), page.getByTestId('funds-file').setInputFiles(file)]);
  await page.waitForFunction((previous) => {
    const now = document.querySelector('[data-testid="funds-result"]')?.textContent ?? null;
    return now !== null && now !== previous;
  }, before);
  return page.getByTestId('funds-result').innerText();
}

/**
 * Checks at desktop width, its fonts settled, that nothing in the page is wider than its box — a table needing a
 * sideways scroll. With `shots`, the whole page is also saved to be looked at (the admin scrolls inside its main
 * area: the window is made as tall as it): once per view a person checks, not after every step (a tall screenshot
 * costs Chromium about a CPU second).
 */
async function checkWidths(page: Page, name: string, shots?: string) {
  await fontsSettled(page);
  await page.mouse.move(900, 5); // no menu tooltip over the page
  const { height, wide } = await page.evaluate(() => ({
    height: Math.max(...Array.from(document.querySelectorAll('main, main *')).map((e) => e.scrollHeight)),
    wide: Array.from(document.querySelectorAll('main, main *')).filter((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')
      .map((e) => `${e.tagName.toLowerCase()}${e.getAttribute('data-testid') ? `#${e.getAttribute('data-testid')}` : ''}: ${e.scrollWidth} > ${e.clientWidth}`),
  }));
  if (shots) {
    await page.setViewportSize({ width: 1440, height: Math.min(Math.max(height + 100, 1100), 8000) });
    await page.screenshot({ path: path.join(shots, `${name}.png`) });
    await page.setViewportSize({ width: 1440, height: 1100 });
  }
  expect([name, wide]).toEqual([name, []]);
}

/** Run by uploads.ts (in funds.test.ts) after the payment sheets' tests, with its accounts. */
export function batchKindTests(ctx: FundsStack, { accounts, openFundsPage, shots }: Helpers) {
  describe('the 民生资金 page, for 民生项目, 村级财务 and 公租房', () => {
    it('takes each kind from the clerk, shows the reviewer what to check, signs off, sends back, corrects and withdraws, in Chinese', async () => {
      const dir = ctx.fixture.dir;
      const { url } = ctx.stack;
      const clerk = await openFundsPage(accounts.clerk.email);
      // Every kind's empty template is a click away.
      for (const name of ['民生项目', '村级财务', '公租房名册']) {
        for (const format of ['Excel', 'CSV']) await clerk.getByRole('button', { name: `${name}模板（${format}）` }).waitFor();
      }

      // 民生项目: a negative amount is named by its row and nothing is stored; the good sheet is staged.
      const broken = [PROJECT_HEADER, PROJECTS[0], [...PROJECTS[1].slice(0, 5), '-4000', ...PROJECTS[1].slice(6)]];
      expect(await upload(clerk, 'projects', csvFile(dir, 'kinds-projects-broken.csv', broken), { title: PROJECTS_TITLE }))
        .toMatch(/^有 1 行需要修改，整批未导入：请改好后重新上传整张表\s+行 3：投资金额为负数：请填写项目的投资总额（大于 0）/);
      await row(clerk, 'projects', PROJECTS_TITLE, 'failed').getByRole('button', { name: '查看要改的行' }).waitFor();
      expect(await upload(clerk, 'projects', csvFile(dir, 'kinds-projects.csv', [PROJECT_HEADER, ...PROJECTS]), { title: PROJECTS_TITLE }))
        .toMatch(/^批次 \d+：2 个项目，投资合计 576,000.50 元，校验通过，待另一位审核人签发$/);
      expect(await row(clerk, 'projects', PROJECTS_TITLE, 'staged').innerText()).toContain('等待部门审核人或政府办公室签发');
      await checkWidths(clerk, 'clerk-projects');

      // 村级财务 and a 公租房 round.
      expect(await upload(clerk, 'ledgers', csvFile(dir, 'kinds-ledger.csv', [LEDGER_HEADER, ...LEDGER]), { title: LEDGER_TITLE }))
        .toMatch(/^批次 \d+：2 条收支，结余 28,799.50 元，校验通过/);
      await checkWidths(clerk, 'clerk-ledgers');
      const roster = csvFile(dir, 'kinds-roster.csv', [HOUSING_HEADER, ...APPLICANTS]);
      expect(await upload(clerk, 'housing', roster, { title: ROUND, titleLabel: '轮次名称' })).toMatch(/^批次 \d+：4 户申请，校验通过/);
      await checkWidths(clerk, 'clerk-housing');
      expect(await clerk.getByRole('button', { name: '签发', exact: true }).count()).toBe(0);
      expect(await visibleEnglish(clerk, ['Excel', 'H'])).toEqual([]);

      // What the reviewer's list holds: counts and totals, never an applicant; the publisher refuses the uploader's own sign-off.
      const hook = { 'x-tongyuan-hook-secret': TEST_HOOK_SECRET, 'content-type': 'application/json' };
      const listing = await (await fetch(`${url}/hooks/funds/huitong/batches`, { headers: hook })).text();
      for (const [name, idNumber, , , , , reason] of APPLICANTS) for (const value of [name, idNumber, reason].filter(Boolean)) expect(listing).not.toContain(value);
      const housingBatch = JSON.parse(listing).batches.find((b: { title: string; status: string }) => b.title === ROUND && b.status === 'staged');
      expect(housingBatch).toMatchObject({ kind: 'housing', kindName: '公租房名册', rows: 4, figure: '4 户申请', uploadedBy: 'ht-funds-clerk' });
      const own = await fetch(`${url}/hooks/funds/huitong/batches/${housingBatch.id}/live`, {
        method: 'POST', headers: hook, body: JSON.stringify({ actorId: housingBatch.uploadedById, actorName: 'ht-funds-clerk' }),
      });
      expect(own.status).toBe(403);

      const reviewer = await openFundsPage(accounts.reviewer.email);
      const review = async (kind: string, title: string, name: string) => {
        await row(reviewer, kind, title, 'staged').getByRole('button', { name: '核对明细' }).click();
        const checked = await section(reviewer, kind).getByTestId('funds-review').innerText();
        await checkWidths(reviewer, name, shots);
        return checked;
      };
      const signOff = async (kind: string, title: string) => {
        await row(reviewer, kind, title, 'staged').getByRole('button', { name: '签发', exact: true }).click();
        await row(reviewer, kind, title, 'live').waitFor({ timeout: 15_000 });
      };
      expect(await review('projects', PROJECTS_TITLE, 'reviewer-projects'))
        .toMatch(/按乡镇\s+乡镇\s+项目数\s+投资（元）\s+高椅乡\s+2\s+576,000.50\s+合计\s+2\s+576,000.50[\s\S]*高椅村村道亮化工程\s+高椅乡 高椅村\s+已完工\s+96,000.00\s+高椅乡农贸市场改造\s+高椅乡（全乡镇）\s+在建\s+480,000.50/);
      await signOff('projects', PROJECTS_TITLE);
      expect(await review('ledgers', LEDGER_TITLE, 'reviewer-ledgers'))
        .toMatch(/按村和期间\s+乡镇\s+村（社区）\s+期间\s+收入（元）\s+支出（元）\s+结余（元）\s+高椅乡\s+高椅村\s+2026年第3季度\s+30,000.00\s+1,200.50\s+28,799.50/);
      await signOff('ledgers', LEDGER_TITLE);
      expect(await review('housing', ROUND, 'reviewer-housing'))
        .toMatch(/按审核状态（其中已配租 1 户）\s+审核状态\s+申请数\s+受理\s+1\s+初审通过\s+0\s+公示中\s+0\s+审核通过\s+2\s+不予通过\s+1\s+合计\s+4\s+按申请类别/);
      // The roster goes back to the clerk, with why.
      await row(reviewer, 'housing', ROUND, 'staged').getByRole('button', { name: '退回' }).click();
      await reviewer.getByLabel('退回原因').fill('配租日期与分配文件不一致，请核对');
      await reviewer.getByRole('button', { name: '确认退回' }).click();
      expect(await row(reviewer, 'housing', ROUND, 'returned').innerText()).toContain('退回：配租日期与分配文件不一致，请核对');
      const village = `${url}${SITE_FUNDS}/townships/${encodeURIComponent('高椅乡')}/${encodeURIComponent('高椅村')}`;
      await waitFor('the projects and the ledger on the pages', async () => (await text(village)).includes('高椅村村道亮化工程') && (await text(village)).includes('村部7月水电费'), 5000, 200);
      expect(await text(`${url}${SITE_FUNDS}/housing`)).not.toContain(ROUND);

      // The clerk uploads the roster again, and corrects the ledger: the note is asked for before the file.
      await openFundsPage(accounts.clerk.email); // fresh from the server: the reviewer has acted meanwhile
      expect(await upload(clerk, 'housing', roster, { title: ROUND, titleLabel: '轮次名称' })).toMatch(/^批次 \d+：4 户申请，校验通过/);
      const ledgerId = await row(clerk, 'ledgers', LEDGER_TITLE, 'live').getAttribute('data-batch');
      await clerk.getByLabel('表格类型').selectOption('ledgers');
      await clerk.getByLabel('更正已公开的批次').selectOption(ledgerId!);
      await clerk.getByLabel('批次标题').fill(`${LEDGER_TITLE}（更正）`);
      await clerk.getByText('请填写更正说明', { exact: true }).waitFor();
      const corrected = [LEDGER[0], [...LEDGER[1].slice(0, 6), '1350.50', LEDGER[1][7]]];
      const note = '高椅村7月水电费按票据更正为 1,350.50 元';
      expect(await upload(clerk, 'ledgers', csvFile(dir, 'kinds-ledger-corrected.csv', [LEDGER_HEADER, ...corrected]), { note }))
        .toMatch(new RegExp(`^批次 \\d+：2 条收支，结余 28,649.50 元，更正批次 ${ledgerId}，校验通过`));
      expect(await row(clerk, 'ledgers', `${LEDGER_TITLE}（更正）`, 'staged').innerText()).toContain(`更正批次 ${ledgerId}：${note}`);
      await checkWidths(clerk, 'clerk-correction', shots);

      await openFundsPage(accounts.reviewer.email);
      await signOff('housing', ROUND);
      await signOff('ledgers', `${LEDGER_TITLE}（更正）`);
      await row(reviewer, 'ledgers', LEDGER_TITLE, 'replaced').waitFor();
      await waitFor('the round and the corrected ledger on the pages', async () => (await text(`${url}${SITE_FUNDS}/housing`)).includes(ROUND)
        && (await text(village)).includes(note) && (await text(village)).includes('1,350.50'), 5000, 200);

      // Withdrawn with a reason, each leaves the pages: Huitong as the fixture left it for the suites after this one.
      for (const [kind, title] of [['projects', PROJECTS_TITLE], ['ledgers', `${LEDGER_TITLE}（更正）`], ['housing', ROUND]]) {
        await row(reviewer, kind, title, 'live').getByRole('button', { name: '撤回' }).click();
        await reviewer.getByLabel('撤回原因').fill('测试批次，核实后重新上传');
        await reviewer.getByRole('button', { name: '确认撤回' }).click();
        await row(reviewer, kind, title, 'withdrawn').waitFor({ timeout: 15_000 });
      }
      await checkWidths(reviewer, 'reviewer-kinds-withdrawn', shots);
      expect(await visibleEnglish(reviewer, ['Excel', 'H'])).toEqual([]);
      await waitFor('the pages without them', async () => !(await text(village)).includes('高椅村村道亮化工程') && !(await text(village)).includes('村部7月水电费')
        && !(await text(`${url}${SITE_FUNDS}/housing`)).includes(ROUND), 5000, 200);
      console.log(`民生资金 page screenshots: ${shots}`);
    }, 300_000);
  });
}
