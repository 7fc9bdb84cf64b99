import { renderSitePage, type SiteInfo } from '@tongyuan/channels';
import { chinaDateTime } from '@tongyuan/document';
import { webTemplates } from '@tongyuan/templates';
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import { asPublisherError, PublisherError } from '../../errors';
import { countyDisclosure, fundDisclosure, townshipDisclosure, villageDisclosure, type Breakdown, type DisclosureDeps, type Total } from '../../funds/disclosure';
import { lookupOwnPayments, type OwnLookupDeps } from '../../funds/own-lookup';
import type { CountyDirectory } from '../../inspection/county-directory';
import type { LiveBatch } from '../../store/fund-disclosure';
import type { PublicationQueries } from '../../store/queries';
import { count, yuan } from '../../funds/amounts';
import { countyProjectsSection, ledgerSection, projectsSection, type ProjectDisclosureDeps } from '../../funds/project-disclosure';

/**
 * 民生资金公开 on every site of a county (the site's county in the CMS):
 *   GET  /sites/<site>/funds                               the county: totals per fund and township, the live batches and their 更正 notes
 *   GET  /sites/<site>/funds/townships/<乡镇>              its villages and funds
 *   GET  /sites/<site>/funds/townships/<乡镇>/<村>?page=&fund=   its funds and the masked payments, 100 a page
 *   GET  /sites/<site>/funds/by-fund/<资金名称>            a fund: source, standard, period, per township
 *   GET|POST /sites/<site>/funds/lookup                    a household's own payments (name + ID number + proof of work)
 * (Their 码上监督 posters, linked from the township and village pages: fund-posters.ts.)
 * (Their 民生项目 and 村级财务 sections: funds/project-disclosure.ts; a project's own page and poster: fund-projects.ts.)
 * Pages change only when a batch goes live, so readers and a CDN may keep them a minute.
 */
export type FundRouteDeps = DisclosureDeps & OwnLookupDeps & ProjectDisclosureDeps & { queries: PublicationQueries; counties: CountyDirectory };

const HTML = 'text/html; charset=utf-8';
const SITE = /^[a-z0-9][a-z0-9-]*$/;
const PLACE_MAX = 100;
/** Rendered disclosure pages kept per process: a county's villages' first pages, many times over. */
const RENDERED_BYTES = 64 * 1024 * 1024;
const LIVE_KEEP_MS = 1000;
const SITE_KEEP_MS = 10_000;
export const counted = (total: Total) => ({ payments: count(total.payments), amount: yuan(total.totalFen) });
const rows = (list: Breakdown[], href?: (name: string) => string) => list.map((b) => ({ name: b.name, href: href?.(b.name), ...counted(b) }));
const segment = encodeURIComponent;
const NONE = { total: { payments: 0, totalFen: 0 }, funds: [], villages: [] };
/** A live batch as the county page lists it: what kind of disclosure it is and its size. */
const batchSummary = (b: LiveBatch) => (b.kind === 'projects' ? `${count(b.rows)} 个民生项目，投资 ${yuan(b.totalFen)} 元`
  : b.kind === 'ledgers' ? `村级财务 ${count(b.rows)} 条收支` : `${count(b.rows)} 笔，${yuan(b.totalFen)} 元`);

/** A site's county for its funds pages and posters, or the 404/503 a reader is told. */
export type FundSite = { site: SiteInfo; county: string; countyName: string; base: string };
export function fundSiteResolver(deps: Pick<FundRouteDeps, 'queries' | 'counties'>) {
  const { counties } = deps;
  // A site's name changes rarely; a poster scanned by a village meeting asks for it hundreds of times a minute.
  const sites = new LRUCache<string, { value: { code: string; name: string } | null }>({ max: 1000, ttl: SITE_KEEP_MS });
  const siteOn = async (code: string) => {
    const hit = sites.get(code);
    if (hit) return hit.value;
    const value = await deps.queries.siteOn('web', code);
    sites.set(code, { value });
    return value;
  };
  return async (siteCode: string): Promise<FundSite> => {
    const site = SITE.test(siteCode) ? await siteOn(siteCode) : null;
    if (!site) throw new PublisherError('NOT_FOUND', '没有这个站点');
    const places = await counties.places().catch(() => null);
    if (!places) throw new PublisherError('STRAPI_UNREACHABLE', '暂时读不到区县信息：请稍后再试');
    const county = places.sites.get(site.code);
    if (!county) throw new PublisherError('NOT_FOUND', `站点“${site.name}”没有归属区县，不公开民生资金`);
    return { site, county, countyName: places.counties.find((c) => c.code === county)?.name ?? county, base: `/sites/${site.code}/funds` };
  };
}
export const noDisclosure = (at: FundSite, what: string) => new PublisherError('NOT_FOUND', `${at.countyName}${what}还没有公开的民生资金发放：请返回 ${at.base} 查看`);
/** A township, village or fund named in a path (a control character is in no name, and PostgreSQL refuses NUL). */
export const fundPlace = (value: string) => {
  if (value.length === 0 || value.length > PLACE_MAX || /\p{Cc}/u.test(value)) throw new PublisherError('NOT_FOUND', '没有这个乡镇或村');
  return value;
};

export function registerFundRoutes(app: FastifyInstance, deps: FundRouteDeps) {
  const where = fundSiteResolver(deps);
  const page = (reply: FastifyReply, at: FundSite, title: string, content: string) =>
    reply.type(HTML).send(renderSitePage(at.site, { title, content }));
  /**
   * A disclosure page changes only when the county's live batches do: each is made once per address
   * and live set and kept (bytes-bounded), so a village's poster scanned by a whole meeting costs one
   * render; the live set is read from the store at most a second before, so every API replica answers
   * alike within a second of a batch going live. The ETag lets a browser or CDN revalidate for nothing.
   */
  // Kept encoded: a 70 KB page re-encoded to UTF-8 for every reader was a third of the process's time.
  const rendered = new LRUCache<string, { html: Buffer; etag: string }>({ maxSize: RENDERED_BYTES, sizeCalculation: (v) => v.html.length + 64 });
  // The live set, read at most once a second per county: a batch going live reaches every replica within that.
  const live = new LRUCache<string, Promise<LiveBatch[]>>({ max: 1000, ttl: LIVE_KEEP_MS });
  const liveBatches = (county: string) => {
    let batches = live.get(county);
    if (!batches) {
      batches = deps.fundDisclosure.liveBatches(county);
      batches.catch(() => live.delete(county));
      live.set(county, batches);
    }
    return batches;
  };
  // A household's lookup reads the live set through the same copy: one store query a lookup fewer.
  const lookupDeps: OwnLookupDeps = { ...deps, fundDisclosure: { liveBatches, paymentsOfPayee: (ids, key) => deps.fundDisclosure.paymentsOfPayee(ids, key) } };
  const disclosurePage = async (request: FastifyRequest, reply: FastifyReply, at: FundSite, build: (batches: LiveBatch[]) => Promise<{ title: string; content: string }>) => {
    const batches = await liveBatches(at.county);
    const key = `${at.countyName}\n${request.url}\n${batches.map((b) => b.id).join(',')}`;
    let hit = rendered.get(key);
    if (!hit) {
      const { title, content } = await build(batches);
      const html = Buffer.from(renderSitePage(at.site, { title, content }), 'utf8');
      hit = { html, etag: `"${createHash('sha256').update(html).digest('base64url').slice(0, 27)}"` };
      rendered.set(key, hit);
    }
    reply.header('etag', hit.etag);
    if (request.headers['if-none-match'] === hit.etag) return reply.code(304).send();
    return reply.type(HTML).send(hit.html);
  };

  type SiteParams = { Params: { site: string } };
  app.get<SiteParams>('/sites/:site/funds', async (request, reply) => {
    const at = await where(request.params.site);
    return disclosurePage(request, reply, at, async (batches) => {
      const [view, extras] = await Promise.all([countyDisclosure(deps, at.county), countyProjectsSection(deps, at.county, at.base)]);
      if (!view) throw noDisclosure(at, '');
      const about = (fen: number | null | undefined) => (fen === null || fen === undefined ? '' : yuan(fen));
      // As of the newest batch: what the page shows changes with nothing else.
      const asOf = batches.reduce((latest, b) => (b.liveAt > latest ? b.liveAt : latest), '');
      return { title: '民生资金公开', content: webTemplates.fundsCounty({
        countyName: at.countyName, base: at.base, asOf: asOf ? chinaDateTime(new Date(asOf)) : '', total: counted(view.total),
        funds: view.funds.map((f) => ({ ...rows([f], (name) => `${at.base}/by-fund/${segment(name)}`)[0], source: f.about?.source, level: f.about?.level, standard: about(f.about?.standardFen) })),
        townships: rows(view.townships, (name) => `${at.base}/townships/${segment(name)}`),
        batches: view.batches.map((b) => ({ ...b, summary: batchSummary(b), liveAt: b.liveAt ? chinaDateTime(new Date(b.liveAt)) : '' })), extras,
      }) };
    });
  });

  type TownshipParams = { Params: { site: string; township: string } };
  app.get<TownshipParams>('/sites/:site/funds/townships/:township', async (request, reply) => {
    const at = await where(request.params.site);
    const township = fundPlace(request.params.township);
    return disclosurePage(request, reply, at, async () => {
      const [found, extras] = await Promise.all([townshipDisclosure(deps, at.county, township), projectsSection(deps, at.county, at.base, { township })]);
      if (!found && !extras) throw noDisclosure(at, township);
      const view = found ?? NONE;
      return { title: `${township} · 民生资金公开`, content: webTemplates.fundsPlace({
        countyName: at.countyName, base: at.base, township, total: counted(view.total), reportHref: `${at.base}/report?township=${segment(township)}`, posterHref: `${at.base}/posters/${segment(township)}.pdf`,
        villages: rows(view.villages, (name) => `${at.base}/townships/${segment(township)}/${segment(name)}`),
        funds: rows(view.funds, (name) => `${at.base}/by-fund/${segment(name)}`), extras,
      }) };
    });
  });

  type VillageParams = { Params: { site: string; township: string; village: string }; Querystring: { page?: string; fund?: string } };
  app.get<VillageParams>('/sites/:site/funds/townships/:township/:village', async (request, reply) => {
    const at = await where(request.params.site);
    const [township, village] = [fundPlace(request.params.township), fundPlace(request.params.village)];
    const fund = typeof request.query.fund === 'string' && request.query.fund !== '' ? request.query.fund.slice(0, PLACE_MAX) : undefined;
    const wanted = Number.parseInt(request.query.page ?? '1', 10);
    return disclosurePage(request, reply, at, async () => {
      const [found, projects, ledger] = await Promise.all([villageDisclosure(deps, at.county, township, village, { page: Number.isFinite(wanted) ? wanted : 1, fund }),
        projectsSection(deps, at.county, at.base, { township, village }), ledgerSection(deps, at.county, township, village)]);
      if (!found && !projects && !ledger) throw noDisclosure(at, `${township}${village}`);
      const view = found ?? { ...NONE, lines: [], page: 1, pages: 1, fund: undefined };
      const here = `${at.base}/townships/${segment(township)}/${segment(village)}`;
      const pageHref = (n: number) => `${here}?page=${n}${fund ? `&fund=${segment(fund)}` : ''}#payments`;
      return { title: `${township}${village} · 民生资金公开`, content: webTemplates.fundsPlace({
        countyName: at.countyName, base: at.base, township, townshipPath: segment(township), village, total: counted(view.total),
        reportHref: `${at.base}/report?township=${segment(township)}&village=${segment(village)}`,
        posterHref: `${at.base}/posters/${segment(township)}/${segment(village)}.pdf`,
        funds: rows(view.funds, (name) => `${here}?fund=${segment(name)}#payments`),
        lines: view.lines.map((l) => ({ ...l, amount: yuan(l.amountFen) })), page: view.page, pages: view.pages, fund: view.fund,
        previous: view.page > 1 ? pageHref(view.page - 1) : undefined, next: view.page < view.pages ? pageHref(view.page + 1) : undefined, extras: projects + ledger,
      }) };
    });
  });

  type FundParams = { Params: { site: string; fund: string } };
  app.get<FundParams>('/sites/:site/funds/by-fund/:fund', async (request, reply) => {
    const at = await where(request.params.site);
    const fund = fundPlace(request.params.fund);
    return disclosurePage(request, reply, at, async () => {
      const [found, extras] = await Promise.all([fundDisclosure(deps, at.county, fund), projectsSection(deps, at.county, at.base, { fund })]);
      const about = found?.fund ?? (extras ? (await deps.fundDisclosure.funds(at.county)).find((f) => f.name === fund) : undefined);
      if (!about) throw noDisclosure(at, `“${request.params.fund}”`);
      const view = found ?? { ...NONE, fund: about, townships: [] };
      const { standardFen, totalFen } = view.fund;
      return { title: `${view.fund.name} · 民生资金公开`, content: webTemplates.fundsFund({
        countyName: at.countyName, base: at.base, fund: view.fund, total: counted(view.total),
        standard: standardFen === null ? undefined : yuan(standardFen), budget: totalFen === null ? undefined : yuan(totalFen),
        townships: rows(view.townships, (name) => `${at.base}/townships/${segment(name)}`), extras,
      }) };
    });
  });

  // The lookup's pages are never kept by a browser or a CDN: they answer one person.
  app.get<SiteParams>('/sites/:site/funds/lookup', async (request, reply) => {
    const at = await where(request.params.site);
    return page(reply, at, '查询本人领取情况', webTemplates.fundsLookup({ countyName: at.countyName, base: at.base }));
  });
  app.post<SiteParams & { Body: Record<string, unknown> }>('/sites/:site/funds/lookup', async (request, reply) => {
    const at = await where(request.params.site);
    const body = request.body && typeof request.body === 'object' ? request.body : {};
    const name = typeof body.name === 'string' ? body.name.slice(0, 50) : '';
    try {
      const payments = await lookupOwnPayments(lookupDeps, { county: at.county, name: body.name, idNumber: body.idNumber, proofOfWork: body.altcha, address: request.ip });
      // Answered: the form comes back empty, so a shared phone or a terminal shows the next person nobody's name.
      return page(reply, at, '查询本人领取情况', webTemplates.fundsLookup({
        countyName: at.countyName, base: at.base, answered: true,
        payments: payments.map((p) => ({ ...p, amount: yuan(p.amountFen) })), totalAmount: yuan(payments.reduce((s, p) => s + p.amountFen, 0)),
      }));
    } catch (error) {
      const known = asPublisherError(error);
      if (known.status >= 500) throw error;
      if (known.status === 429) reply.header('retry-after', String(known.details?.retryAfterSeconds ?? 60));
      // The name comes back so nothing typed is lost; the ID number never does.
      reply.code(known.status);
      return page(reply, at, '查询本人领取情况', webTemplates.fundsLookup({ countyName: at.countyName, base: at.base, name, error: known.publicMessage }));
    }
  });
}
