import { renderSitePage, type SiteInfo } from '@tongyuan/channels';
import { chinaDateTime } from '@tongyuan/document';
import { webTemplates } from '@tongyuan/templates';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { asPublisherError, PublisherError } from '../../errors';
import { countyDisclosure, fundDisclosure, townshipDisclosure, villageDisclosure, type Breakdown, type DisclosureDeps, type Total } from '../../funds/disclosure';
import { lookupOwnPayments, type OwnLookupDeps } from '../../funds/own-lookup';
import type { CountyDirectory } from '../../inspection/county-directory';
import type { PublicationQueries } from '../../store/queries';

/**
 * 民生资金公开 on every site of a county (the site's county in the CMS):
 *   GET  /sites/<site>/funds                               the county: totals per fund and township, the live batches and their 更正 notes
 *   GET  /sites/<site>/funds/townships/<乡镇>              its villages and funds
 *   GET  /sites/<site>/funds/townships/<乡镇>/<村>?page=&fund=   its funds and the masked payments, 100 a page
 *   GET  /sites/<site>/funds/by-fund/<资金名称>            a fund: source, standard, period, per township
 *   GET|POST /sites/<site>/funds/lookup                    a household's own payments (name + ID number + proof of work)
 * (Their 码上监督 posters, linked from the township and village pages: fund-posters.ts.)
 * Pages change only when a batch goes live, so readers and a CDN may keep them a minute.
 */
export type FundRouteDeps = DisclosureDeps & OwnLookupDeps & { queries: PublicationQueries; counties: CountyDirectory; clock: () => Date };

const HTML = 'text/html; charset=utf-8';
const SITE = /^[a-z0-9][a-z0-9-]*$/;
const PLACE_MAX = 100;
const yuan = (fen: number) => (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
export const counted = (total: Total) => ({ payments: total.payments.toLocaleString('zh-CN'), amount: yuan(total.totalFen) });
const rows = (list: Breakdown[], href?: (name: string) => string) => list.map((b) => ({ name: b.name, href: href?.(b.name), ...counted(b) }));
const segment = encodeURIComponent;

/** A site's county for its funds pages and posters, or the 404/503 a reader is told. */
export type FundSite = { site: SiteInfo; county: string; countyName: string; base: string };
export function fundSiteResolver(deps: Pick<FundRouteDeps, 'queries' | 'counties'>) {
  const { counties } = deps;
  return async (siteCode: string): Promise<FundSite> => {
    const site = SITE.test(siteCode) ? await deps.queries.siteOn('web', siteCode) : null;
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
  const page = (reply: FastifyReply, at: FundSite, title: string, content: string, cache = 'public, max-age=60') =>
    reply.type(HTML).header('cache-control', cache).send(renderSitePage(at.site, { title, content }));

  type SiteParams = { Params: { site: string } };
  app.get<SiteParams>('/sites/:site/funds', async (request, reply) => {
    const at = await where(request.params.site);
    const view = await countyDisclosure(deps, at.county);
    if (!view) throw noDisclosure(at, '');
    const about = (fen: number | null | undefined) => (fen === null || fen === undefined ? '' : yuan(fen));
    return page(reply, at, '民生资金公开', webTemplates.fundsCounty({
      countyName: at.countyName, base: at.base, asOf: chinaDateTime(deps.clock()), total: counted(view.total),
      funds: view.funds.map((f) => ({ ...rows([f], (name) => `${at.base}/by-fund/${segment(name)}`)[0], source: f.about?.source, level: f.about?.level, standard: about(f.about?.standardFen) })),
      townships: rows(view.townships, (name) => `${at.base}/townships/${segment(name)}`),
      batches: view.batches.map((b) => ({ ...b, amount: yuan(b.totalFen), liveAt: b.liveAt ? chinaDateTime(new Date(b.liveAt)) : '' })),
    }));
  });

  type TownshipParams = { Params: { site: string; township: string } };
  app.get<TownshipParams>('/sites/:site/funds/townships/:township', async (request, reply) => {
    const at = await where(request.params.site);
    const township = fundPlace(request.params.township);
    const view = await townshipDisclosure(deps, at.county, township);
    if (!view) throw noDisclosure(at, township);
    return page(reply, at, `${township} · 民生资金公开`, webTemplates.fundsPlace({
      countyName: at.countyName, base: at.base, township, total: counted(view.total), reportHref: `${at.base}/report?township=${segment(township)}`, posterHref: `${at.base}/posters/${segment(township)}.pdf`,
      villages: rows(view.villages, (name) => `${at.base}/townships/${segment(township)}/${segment(name)}`),
      funds: rows(view.funds, (name) => `${at.base}/by-fund/${segment(name)}`),
    }));
  });

  type VillageParams = { Params: { site: string; township: string; village: string }; Querystring: { page?: string; fund?: string } };
  app.get<VillageParams>('/sites/:site/funds/townships/:township/:village', async (request, reply) => {
    const at = await where(request.params.site);
    const [township, village] = [fundPlace(request.params.township), fundPlace(request.params.village)];
    const fund = typeof request.query.fund === 'string' && request.query.fund !== '' ? request.query.fund.slice(0, PLACE_MAX) : undefined;
    const wanted = Number.parseInt(request.query.page ?? '1', 10);
    const view = await villageDisclosure(deps, at.county, township, village, { page: Number.isFinite(wanted) ? wanted : 1, fund });
    if (!view) throw noDisclosure(at, `${township}${village}`);
    const here = `${at.base}/townships/${segment(township)}/${segment(village)}`;
    const pageHref = (n: number) => `${here}?page=${n}${fund ? `&fund=${segment(fund)}` : ''}#payments`;
    return page(reply, at, `${township}${village} · 民生资金公开`, webTemplates.fundsPlace({
      countyName: at.countyName, base: at.base, township, townshipPath: segment(township), village, total: counted(view.total),
      reportHref: `${at.base}/report?township=${segment(township)}&village=${segment(village)}`,
      posterHref: `${at.base}/posters/${segment(township)}/${segment(village)}.pdf`,
      funds: rows(view.funds, (name) => `${here}?fund=${segment(name)}#payments`),
      lines: view.lines.map((l) => ({ ...l, amount: yuan(l.amountFen) })), page: view.page, pages: view.pages, fund: view.fund,
      previous: view.page > 1 ? pageHref(view.page - 1) : undefined, next: view.page < view.pages ? pageHref(view.page + 1) : undefined,
    }));
  });

  type FundParams = { Params: { site: string; fund: string } };
  app.get<FundParams>('/sites/:site/funds/by-fund/:fund', async (request, reply) => {
    const at = await where(request.params.site);
    const view = await fundDisclosure(deps, at.county, fundPlace(request.params.fund));
    if (!view) throw noDisclosure(at, `“${request.params.fund}”`);
    const { standardFen, totalFen } = view.fund;
    return page(reply, at, `${view.fund.name} · 民生资金公开`, webTemplates.fundsFund({
      countyName: at.countyName, base: at.base, fund: view.fund, total: counted(view.total),
      standard: standardFen === null ? undefined : yuan(standardFen), budget: totalFen === null ? undefined : yuan(totalFen),
      townships: rows(view.townships, (name) => `${at.base}/townships/${segment(name)}`),
    }));
  });

  // The lookup's pages are never kept by a browser or a CDN: they answer one person.
  app.get<SiteParams>('/sites/:site/funds/lookup', async (request, reply) => {
    const at = await where(request.params.site);
    return page(reply, at, '查询本人领取情况', webTemplates.fundsLookup({ countyName: at.countyName, base: at.base }), 'no-store');
  });
  app.post<SiteParams & { Body: Record<string, unknown> }>('/sites/:site/funds/lookup', async (request, reply) => {
    const at = await where(request.params.site);
    const body = request.body && typeof request.body === 'object' ? request.body : {};
    const name = typeof body.name === 'string' ? body.name.slice(0, 50) : '';
    try {
      const payments = await lookupOwnPayments(deps, { county: at.county, name: body.name, idNumber: body.idNumber, proofOfWork: body.altcha, address: request.ip });
      return page(reply, at, '查询本人领取情况', webTemplates.fundsLookup({
        countyName: at.countyName, base: at.base, answered: true, name,
        payments: payments.map((p) => ({ ...p, amount: yuan(p.amountFen) })), totalAmount: yuan(payments.reduce((s, p) => s + p.amountFen, 0)),
      }), 'no-store');
    } catch (error) {
      const known = asPublisherError(error);
      if (known.status >= 500) throw error;
      if (known.status === 429) reply.header('retry-after', String(known.details?.retryAfterSeconds ?? 60));
      // The name comes back so nothing typed is lost; the ID number never does.
      reply.code(known.status);
      return page(reply, at, '查询本人领取情况', webTemplates.fundsLookup({ countyName: at.countyName, base: at.base, name, error: known.publicMessage }), 'no-store');
    }
  });
}
