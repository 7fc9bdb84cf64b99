import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { registeredRoutesOf } from '../../support/access-surface';
import { TEST_HOOK_SECRET } from '../../support/cms';
import { PEOPLE, PRIVATE_VALUES, FUNDS, type FundsStack } from '../../support/fund-fixture';
import { proofFrom } from '../../support/proof-of-work';
import { waitFor } from '../../support/processes';
import { graphql, OPS_AUTH, type Stack } from '../../support/stack';
import { QUEUE_NAMES } from '../../../publisher/src/pipeline/queues';

/**
 * The leak test of issue 21: with the fixture's payees live (names with rare characters, ID
 * numbers, and the bank accounts, phones and addresses their sheet carried), every output the
 * publisher has is read — every GET route it registers (listed from the running code, so a route
 * added later is read too), as a reader, an operator and the CMS would get it, PDFs as text; the
 * GraphQL answers an administrator gets; a household's own lookup — and searched for any full
 * value. A route whose parameters this file cannot fill fails the test, so nothing is skipped quietly.
 */
const SITE = 'huitong-portal';
const seg = encodeURIComponent;

/** What each route parameter is filled with: the fixture's own county, township, village, fund and terminal. */
function paramValues(kioskFile: { sha256: string; url: string }, live: { projects: string[]; rounds: string[] }): Record<string, string[]> {
  const [person] = PEOPLE;
  return {
    site: [SITE], county: ['huitong'], township: [seg(person.township)], village: [seg(person.village)], fund: FUNDS.map(([name]) => seg(name)),
    terminal: ['ht-lincheng'], format: ['atom', 'rss', 'json'], sha256: [kioskFile.sha256],
    // Routes whose own content is not the funds': a name that exists where one is easy to give, else any.
    file: ['feed.json', 'index.html', 'funds.atom', `${SITE}.rss`], documentId: ['none'], kind: ['interpretation'], slug: ['none'], id: ['none'],
    // The staff's queue board (its job data is an output too): every queue.
    queueName: Object.values(QUEUE_NAMES), jobId: ['none'],
    list: ['none'], key: ['none'],
    // The projects and 公租房 rounds live when this runs (found on the county's pages), or a name that is none.
    project: live.projects.length ? live.projects : ['none'], round: live.rounds.length ? live.rounds : ['none'], date: [new Date().toISOString().slice(0, 10)], region: ['none'], station: ['none'], receipt: ['none'], event: ['none'], name: ['none'],
  };
}

/** Every concrete URL for a route pattern such as /sites/:site/funds/feed.:format (one per combination of values). */
function urlsOf(pattern: string, values: Record<string, string[]>): string[] {
  const names = [...pattern.matchAll(/:([A-Za-z0-9]+)/g)].map((m) => m[1]);
  const missing = names.filter((n) => !values[n]);
  if (missing.length > 0) throw new Error(`${pattern}: the leak test has no value for ${missing.join(', ')} — add one to paramValues`);
  let urls = [pattern.replace(/\*$/, 'none')];
  for (const name of names) urls = urls.flatMap((u) => values[name].map((v) => u.replace(new RegExp(`:${name}(?![A-Za-z0-9])`), v)));
  return urls;
}

/**
 * The values one route is read with. A project's own poster is printed for the first project only: every
 * project's poster is also a page of its township's (/funds/projects/posters/:township.pdf, read too), so
 * printing each on its own reads the same pages again, a Chromium print each.
 */
function valuesOf(pattern: string, values: Record<string, string[]>): Record<string, string[]> {
  return pattern.endsWith('/:project/poster.pdf') ? { ...values, project: values.project.slice(0, 1) } : values;
}

async function textOf(response: Response, dir: string): Promise<string> {
  const type = response.headers.get('content-type') ?? '';
  const bytes = Buffer.from(await response.arrayBuffer());
  if (type.includes('pdf')) {
    const file = path.join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
    writeFileSync(file, bytes);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  }
  // Images, audio and video carry no text a search could find; everything else is read as UTF-8.
  if (/^(image|audio|video)\//.test(type) || type.includes('font') || type.includes('octet-stream')) return '';
  return bytes.toString('utf8');
}

export function everyOutputTests(ctx: FundsStack) {
  let stack: Stack;
  beforeAll(() => {
    ({ stack } = ctx);
  });

  it('holds no payee\'s full name, ID number, bank account, phone or address in any page, feed, file, report, kiosk file or GraphQL answer', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-leaks-'));
    // The terminal's funds file is one of the outputs: wait until the kiosk channel has made it.
    const manifest = await waitFor('the 林城镇 terminal\'s funds item', async () => {
      const m = (await (await fetch(`${stack.url}/kiosk/ht-lincheng/manifest.json`)).json().catch(() => null)) as { items: Array<{ id: string; files: Array<{ sha256: string; url: string }> }> } | null;
      return m?.items.find((i) => i.id.startsWith('funds:')) ? m : undefined;
    }, 180_000, 1000);
    const kioskFile = manifest.items.find((i) => i.id.startsWith('funds:'))!.files[0];
    const linked = async (page: string, pattern: RegExp) => [...new Set([...(await (await fetch(`${stack.url}${page}`)).text()).matchAll(pattern)].map((m) => m[1]))];
    const values = paramValues(kioskFile, {
      projects: (await linked(`/sites/${SITE}/funds/townships/${seg(PEOPLE[0].township)}`, /\/funds\/projects\/([0-9a-z]+)["/]/g)).filter((key) => key !== 'posters'),
      rounds: await linked(`/sites/${SITE}/funds/housing`, /\/funds\/housing\/rounds\/([^/"?#]+)["/]/g),
    });
    expect(values.project[0]).not.toBe('none'); // the projects suite's are live

    const routes = (await registeredRoutesOf(stack.env)).filter((r) => r.startsWith('GET '));
    expect(routes.length).toBeGreaterThan(80);
    const headers = { authorization: OPS_AUTH, 'x-tongyuan-hook-secret': TEST_HOOK_SECRET };
    const found: string[] = [];
    const read: Record<string, number> = {};
    const kept: Record<string, string | null> = {}; // each answer's Cache-Control (cache-policy.ts)
    // Every route's addresses first, so that one run names every parameter the test cannot fill.
    const missing = routes.flatMap((route) => { try { urlsOf(route.slice('GET '.length), values); return []; } catch (error) { return [(error as Error).message]; } });
    expect(missing).toEqual([]);
    for (const route of routes) {
      const pattern = route.slice('GET '.length);
      for (const url of urlsOf(pattern, valuesOf(pattern, values))) {
        // A live-update stream never ends: its first bytes are enough (they are what a reader gets first).
        const response = await fetch(`${stack.url}${url}`, { headers, signal: AbortSignal.timeout(20_000) }).catch(() => null);
        if (!response) continue;
        read[url] = response.status;
        kept[url] = response.headers.get('cache-control');
        const text = url.endsWith('/events') ? '' : await textOf(response, dir);
        for (const value of PRIVATE_VALUES) if (text.includes(value)) found.push(`${url}: ${value}`);
      }
    }
    // The county's annual report, which now counts its 民生资金公开 (its figures are checked below).
    for (const url of ['/reports/annual?county=huitong', '/reports/annual.pdf?county=huitong', '/reports/annual.json?county=huitong']) {
      const response = await fetch(`${stack.url}${url}`, { headers });
      read[url] = response.status;
      const text = await textOf(response, dir);
      for (const value of PRIVATE_VALUES) if (text.includes(value)) found.push(`${url}: ${value}`);
    }
    // The funds' own outputs were read with content, not refused.
    for (const url of [`/sites/${SITE}/funds`, `/sites/${SITE}/funds/townships/${values.township[0]}/${values.village[0]}`, `/sites/${SITE}/funds/feed.atom`,
      `/sites/${SITE}/funds/posters/${values.township[0]}/${values.village[0]}.pdf`, `/sites/${SITE}/funds/projects/${values.project[0]}/poster.pdf`,
      `/sites/${SITE}/funds/projects/posters/${values.township[0]}.pdf`, `/kiosk/ht-lincheng/funds/${kioskFile.sha256}`, '/reports/annual.pdf', '/reports/annual.pdf?county=huitong', '/status']) {
      expect([url, read[url]]).toEqual([url, 200]);
    }

    // A household's own lookup answers with its own payments: still not its name or number in full.
    const person = PEOPLE[0];
    const own = await fetch(`${stack.url}/sites/${SITE}/funds/lookup`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '10.9.0.1' },
      body: new URLSearchParams({ name: person.name, idNumber: person.idNumber, altcha: await proofFrom(stack.url) }).toString(),
    });
    expect(own.status).toBe(200);
    // Never kept by a CDN or a browser; the county's live pages are, briefly, and the form too is per reader.
    expect(own.headers.get('cache-control')).toBe('private, no-store');
    expect(Object.entries(kept).filter(([, cacheControl]) => !cacheControl)).toEqual([]);
    expect([kept[`/sites/${SITE}/funds/lookup`], kept[`/sites/${SITE}/funds/housing/lookup`], kept['/status']]).toEqual(Array(3).fill('private, no-store'));
    expect([kept[`/sites/${SITE}/funds`], kept[`/sites/${SITE}/funds/feed.atom`]]).toEqual(Array(2).fill('public, max-age=60, stale-while-revalidate=30'));
    expect(kept[`/kiosk/ht-lincheng/funds/${kioskFile.sha256}`]).toBe('public, max-age=31536000, immutable');
    const ownText = await own.text();
    expect(ownText).toContain('查到');
    for (const value of PRIVATE_VALUES) if (ownText.includes(value)) found.push(`POST lookup: ${value}`);

    // GraphQL as an administrator: every channel's feed of the county's site, the change stream and the publications.
    const admin = await stack.token(['create', '--name', 'leak-check', '--channels', 'web,feeds,kiosk', '--admin']);
    const channels = ['web', 'feeds', 'kiosk'];
    for (const channel of channels) {
      const { body } = await graphql(stack, admin, 'query($c: String!, $s: String) { channelFeed(channel: $c, site: $s, first: 100) { edges { node { documentId title payload artifacts { name sha256 } } } } }', { c: channel, s: SITE });
      const text = JSON.stringify(body);
      for (const value of PRIVATE_VALUES) if (text.includes(value)) found.push(`graphql channelFeed ${channel}: ${value}`);
    }
    const { body: changes } = await graphql(stack, admin, '{ changes(first: 500) { cursor changes { documentId channel kind rendition { title payload } } } }');
    expect(changes.errors).toBeUndefined();
    for (const value of PRIVATE_VALUES) if (JSON.stringify(changes).includes(value)) found.push(`graphql changes: ${value}`);

    expect(found).toEqual([]);
    // Reading everything is the point; the count says it was everything (routes × parameter values).
    expect(Object.keys(read).length).toBeGreaterThan(routes.length);
  }, 300_000);

  it('counts the county\'s disclosure in its annual report: batches, payments shown, villages, 我要监督 — figures only', async () => {
    const headers = { authorization: OPS_AUTH };
    const report = (await (await fetch(`${stack.url}/reports/annual.json?county=huitong`, { headers })).json()) as { livelihoodFunds: any };
    const funds = report.livelihoodFunds;
    expect(funds.published).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'payments', name: '资金发放明细' })]));
    const payments = funds.published.find((k: { kind: string }) => k.kind === 'payments');
    expect(payments.batches).toBeGreaterThanOrEqual(1);
    // The fixture's batch: every person paid by every fund, in three villages of two townships.
    expect(funds.payments).toMatchObject({ rows: PEOPLE.length * FUNDS.length, villages: new Set(PEOPLE.map((p) => p.village)).size, funds: FUNDS.length });
    expect(funds.supervision.received).toBeGreaterThanOrEqual(2); // the reports suite's named and anonymous ones
    // Another county's report counts only its own.
    const other = (await (await fetch(`${stack.url}/reports/annual.json?county=juxian`, { headers })).json()) as { livelihoodFunds: any };
    expect(other.livelihoodFunds.payments.rows).toBe(PEOPLE.length * FUNDS.length);
    expect(other.livelihoodFunds.supervision.received).toBe(0);
    const html = await (await fetch(`${stack.url}/reports/annual?county=huitong`, { headers })).text();
    expect(html).toContain('民生资金公开');
    expect(html).toMatch(/年末公开的发放记录[\s\S]*?<strong class="value">10<\/strong>/);
    // Looked at: the section as the report's readers see it.
    const page = await ctx.browser.newPage({ viewport: { width: 1200, height: 900 } });
    try {
      await page.route('**/*', (route) => route.continue({ headers: { ...route.request().headers(), ...headers } }));
      await page.goto(`${stack.url}/reports/annual?county=huitong`);
      const shot = path.join(os.tmpdir(), 'tongyuan-annual-report-funds.png');
      await page.locator('#livelihood-funds').screenshot({ path: shot });
      console.log(`annual report's 民生资金公开: ${shot}`);
    } finally {
      await page.close();
    }
  });
}
