import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../support/browser';
import { TEST_HOOK_SECRET } from '../../support/cms';
import { waitFor } from '../../support/processes';
import { graphql, type Stack } from '../../support/stack';
import { adminToken, type SharedStack } from '../../support/shared-stack';
import { contentManager, POLICY_DOCUMENT } from '../../support/strapi-api';

/**
 * "Policies find people" end to end: the demo's policy items go from Strapi through the 政策匹配
 * channel into the index, and operators ask GraphQL — ranking with explanations, exclusions in the
 * facets, as-of answers across Juxian's superseded housing rules, clause offsets, hostile input,
 * scope, and an unpublished document leaving the answers. Run by policies-and-questions.test.ts in two parts:
 * the finder before policy push (which unpublishes the Guangdong notice the per-site test counts), the
 * withdrawal and the CMS away last.
 */
let stack: Stack;
let token: string;
let browser: Browser;
const MATCH = `query($profile: [String!], $asOf: String, $query: String, $first: Int) {
  matchPolicies(profile: $profile, asOf: $asOf, query: $query, first: $first) {
    asOf total
    edges { node { key title documentTitle score matched { dimension tags } neutral { dimension }
      highlights { field start end } basis { documentNumber status validTo clauses { number text start end } } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const match = async (variables: Record<string, unknown>) => graphql(stack, token, MATCH.replace('first: $first)', 'first: $first, site: $site)').replace('$first: Int)', '$first: Int, $site: String)'), variables);
const MATCH_ON_SITE = 'query($site: String) { matchPolicies(site: $site) { total } }';

export function policyFinderTests(ctx: SharedStack) {
  describe('policies find people', () => {
    beforeAll(async () => {
      stack = ctx.stack;
      token = await stack.token(['create', '--name', 'policy-ops', '--channels', 'policy-match']);
      await waitFor('the demo policy items in the index', async () => {
        const { body } = await match({ profile: [] });
        return (body.data?.matchPolicies.total ?? 0) >= 6;
      }, 120_000, 500);
      browser = await launchChromium();
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
    });

    it('ranks a small-scale retailer\'s items with explanations and basis clauses located in the document', async () => {
      const { status, body } = await match({ profile: ['taxpayer-type:small-scale-taxpayer', 'industry:wholesale-retail', 'region:shanxi'] });
      expect(status).toBe(200);
      const [first, second] = body.data.matchPolicies.edges.map((e: any) => e.node);
      expect(first).toMatchObject({
        title: '小规模纳税人适用3%征收率的减按1%征收增值税', score: 4,
        matched: [{ dimension: 'taxpayer-type', tags: ['小规模纳税人'] }, { dimension: 'industry', tags: ['批发和零售业'] }, { dimension: 'region', tags: ['山西省'] }],
        neutral: [],
        basis: { documentNumber: '晋税发〔2023〕18号', status: '现行有效' },
      });
      expect(second).toMatchObject({ title: '小规模纳税人月销售额10万元以下免征增值税', neutral: [{ dimension: 'industry' }] });
      for (const clause of first.basis.clauses) {
        expect(clause.start).not.toBeNull();
        expect(clause.end - clause.start).toBe(clause.text.length);
      }
    });

    it('shows excluded options with the reason, and answers as of a date across a supersedes chain', async () => {
      const facets = await graphql(stack, token, 'query($s: [String!]) { policyFacets(selection: $s) { dimension tags { id count selected excluded reason } } }', { s: ['taxpayer-type:small-scale-taxpayer'] });
      const taxpayer = facets.body.data.policyFacets.find((f: any) => f.dimension === 'taxpayer-type');
      expect(taxpayer.tags.find((t: any) => t.id === 'taxpayer-type:general-taxpayer')).toMatchObject({ excluded: true, reason: '与已选的“小规模纳税人”互斥' });
      const housing = ['policy-type:housing-security', 'audience:low-income'];
      const before = await match({ profile: housing, asOf: '2023-05-01' });
      expect(before.body.data.matchPolicies.edges.map((e: any) => e.node.title)).toEqual(['公共租赁住房租金按市场租金70%确定']);
      const after = await match({ profile: housing, asOf: '2025-01-01' });
      expect(after.body.data.matchPolicies.edges[0].node).toMatchObject({ title: '公共租赁住房租金按市场租金60%确定，低保特困10%', basis: { documentNumber: '莒政办发〔2024〕15号' } });
    });

    it('answers bad input with a clear error or nothing, never a 500', async () => {
      const cases: Array<[Record<string, unknown>, RegExp | null]> = [
        [{ profile: ['industry:nonexistent'] }, /没有这些标签：industry:nonexistent/],
        [{ profile: ['taxpayer-type:small-scale-taxpayer', 'taxpayer-type:general-taxpayer'] }, /互斥，只能选择其一/],
        [{ asOf: '2026-13-01' }, /日期“2026-13-01”无效/],
        [{ query: '税'.repeat(10_000) }, /搜索词最多 100 个字/],
        [{ query: "'; DROP TABLE item_text; --" }, null],
        [{ query: '"免征" NEAR(增值税) OR *' }, null],
        [{ asOf: '1900-01-01' }, null],
      ];
      for (const [variables, message] of cases) {
        const { status, body } = await match(variables);
        expect(status).toBeLessThan(500);
        if (message) expect(body.errors[0].message).toMatch(message);
        else expect(body.data.matchPolicies.total).toBeGreaterThanOrEqual(0);
      }
      expect((await match({ asOf: '1900-01-01' })).body.data.matchPolicies.total).toBe(0);
    });

    it('gives each portal site a 政策找人 of its own documents\' items, linked from its navigation', async () => {
      const documentNumbers = async (site: string) => {
        const { body } = await match({ profile: [], first: 100, site } as Record<string, unknown>);
        return new Set(body.data.matchPolicies.edges.map((e: any) => e.node.basis.documentNumber));
      };
      expect(await documentNumbers('shanxi-tax')).toEqual(new Set(['晋税发〔2023〕18号', '晋税发〔2023〕31号']));
      expect(await documentNumbers('guangdong-tax')).toEqual(new Set(['粤税发〔2023〕52号']));
      const bad = await graphql(stack, token, MATCH_ON_SITE, { site: '../etc' });
      expect(bad.body.errors[0].message).toContain('站点代码');
      const page = await (await fetch(`${stack.url}/policy-finder/?site=guangdong-tax`)).text();
      expect(page).toContain('<a href="/sites/guangdong-tax/">← 国家税务总局广东省税务局网站</a>');
      expect(page).toContain('<input type="hidden" name="site" value="guangdong-tax">');
      expect(page).toContain('增值税留抵退税');
      expect(page).not.toContain('小规模纳税人月销售额10万元以下免征增值税');
      expect(page).toContain('export.csv?site&#x3D;guangdong-tax'); // Handlebars writes = as &#x3D;
      const csv = await (await fetch(`${stack.url}/policy-finder/export.csv?site=shanxi-tax`)).text();
      expect(csv).toContain('晋税发〔2023〕18号');
      expect(csv).not.toContain('粤税发');
      const portal = await (await fetch(`${stack.url}/sites/shanxi-tax/`)).text();
      expect(portal).toContain('<a href="/policy-finder/?site&#x3D;shanxi-tax">政策找人</a>');
    });

    it('keeps the fields to tokens with the 政策匹配 channel', async () => {
      const web = await stack.token(['create', '--name', 'web-only', '--channels', 'web']);
      const denied = await graphql(stack, web, MATCH, { profile: [] });
      expect(denied.status).toBe(403);
      expect(denied.body.errors[0].message).toContain('无权读取渠道“policy-match”');
    });

    it('lets a citizen tick options (excluded ones disabled with the reason), search within results, export and print', async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
      const page = await context.newPage();
      await page.goto(`${stack.url}/policy-finder/`);
      const total = async () => Number(await page.locator('.summary strong').textContent());
      const everything = await total();
      expect(everything).toBeGreaterThanOrEqual(6);
      await Promise.all([page.waitForURL(/tag=taxpayer-type/), page.check('input[value="taxpayer-type:small-scale-taxpayer"]')]);
      const general = page.locator('input[value="taxpayer-type:general-taxpayer"]');
      await expect(general.isDisabled()).resolves.toBe(true);
      await expect(page.locator('label:has(input[value="taxpayer-type:general-taxpayer"]) .reason').textContent()).resolves.toBe('与已选的“小规模纳税人”互斥');
      const narrowed = await total();
      expect(narrowed).toBeLessThan(everything);
      await page.fill('input[name="q"]', '免征');
      await Promise.all([page.waitForURL(/q=/), page.click('button[type="submit"]')]);
      expect(await total()).toBeLessThanOrEqual(narrowed);
      await expect(page.locator('.results mark').first().textContent()).resolves.toBe('免征');
      await page.screenshot({ path: path.join(os.tmpdir(), 'tongyuan-policy-finder.png'), fullPage: true });

      const [csv] = await Promise.all([page.waitForEvent('download'), page.click('text=导出 CSV')]);
      const rows = readFileSync((await csv.path())!, 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
      expect(rows[0]).toContain('事项名称');
      expect(rows).toHaveLength(await total() + 1);
      const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('text=导出 Excel')]);
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile((await xlsx.path())!);
      expect(book.worksheets[0].getRow(2).getCell(2).text).toContain('免征');

      const [print] = await Promise.all([context.waitForEvent('page'), page.click('text=打印')]);
      await print.waitForLoadState();
      await expect(print.locator('tbody tr').count()).resolves.toBe(await total());
      await print.emulateMedia({ media: 'print' });
      await expect(print.locator('.no-print').isVisible()).resolves.toBe(false);
      await print.screenshot({ path: path.join(os.tmpdir(), 'tongyuan-policy-print.png') });
      await context.close();
    }, 90_000);

    it('opens an item with its basis clauses marked in the document, and has a kiosk variant with big targets', async () => {
      const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
      await page.goto(`${stack.url}/policy-finder/?kiosk=1&tag=audience:veterans`);
      const box = (await page.locator('label.option').first().boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(72);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1080);
      await page.click('.results a >> nth=0');
      await page.waitForURL(/items\//);
      const marks = await page.locator('.full-text mark').allTextContents();
      expect(marks.length).toBeGreaterThan(0);
      expect(marks[0]).toMatch(/^自主就业退役士兵|^企业招用自主就业退役士兵/);
      await page.screenshot({ path: path.join(os.tmpdir(), 'tongyuan-policy-item.png'), fullPage: true });
      expect((await fetch(`${stack.url}/policy-finder/items/nothing%23here`)).status).toBe(404);
      const bad = await fetch(`${stack.url}/policy-finder/?tag=${encodeURIComponent("'; DROP TABLE x;--")}&asOf=2026-99-99&q=${'税'.repeat(1000)}`);
      expect(bad.status).toBe(200);
      expect(await bad.text()).toContain('没有这些标签');
      await page.close();
    }, 60_000);
  });
}

/** Last on policies-and-questions.test.ts's stack: it unpublishes the veterans' document (policy push's subscribers need it) and stops the CMS. */
export function policyWithdrawalTests(ctx: SharedStack) {
  describe('policies find people, a document withdrawn and the CMS away', () => {
    beforeAll(async () => {
      stack = ctx.stack;
      token = await stack.token(['create', '--name', 'policy-withdrawal-ops', '--channels', 'policy-match']);
    });

    it('drops the items of a policy document unpublished in the CMS from the next answer', async () => {
      const cm = contentManager(stack.cms.url, await adminToken(stack));
      const { body } = await cm.list(POLICY_DOCUMENT, 'page=1&pageSize=100');
      const veterans = body.results.find((d: { documentNumber: string }) => d.documentNumber === '晋税发〔2023〕31号');
      const titles = async () => {
        const { body: answer } = await match({ profile: ['audience:veterans'] });
        if (!answer.data) throw new Error(JSON.stringify(answer.errors));
        return answer.data.matchPolicies.edges.map((e: any) => e.node.title);
      };
      expect(await titles()).toContain('企业招用自主就业退役士兵扣减税费');
      expect((await cm.unpublish(POLICY_DOCUMENT, veterans.documentId)).status).toBe(200);
      await waitFor('the veterans\' items gone', async () => !(await titles()).includes('企业招用自主就业退役士兵扣减税费'), 20_000, 200);
    });

    it('keeps answering from the live items while the CMS is down, tag catalogue and all', async () => {
      await stack.cms.stop();
      // A tag change in the CMS would reset the catalogue; here the CMS it would be read from is gone.
      const hook = await fetch(`${stack.url}/hooks/strapi`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-tongyuan-hook-secret': TEST_HOOK_SECRET },
        body: JSON.stringify({ event: 'entry.update', model: 'tag', entry: { id: 1 } }),
      });
      expect(hook.status).toBe(202);
      for (let i = 0; i < 3; i += 1) {
        const started = Date.now();
        const { status, body } = await match({ profile: ['taxpayer-type:small-scale-taxpayer'] });
        expect([status, body.data.matchPolicies.total > 0]).toEqual([200, true]);
        expect(Date.now() - started).toBeLessThan(1000);
      }
      const page = await fetch(`${stack.url}/policy-finder/?tag=taxpayer-type:small-scale-taxpayer`);
      expect(page.status).toBe(200);
    }, 30_000);
  });
}
