import { renderSitePage } from '@tongyuan/channels';
import { webTemplates } from '@tongyuan/templates';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { asPublisherError, PublisherError } from '../../errors';
import { housingHistory, housingRound, housingRounds } from '../../funds/housing-disclosure';
import { lookupOwnHousing, type HousingLookupDeps } from '../../funds/housing-lookup';
import type { MaskRule } from '../../funds/masking';
import type { Db } from '../../store/db';
import { HousingStore } from '../../store/housing';
import { fundPlace, fundSiteResolver, type FundRouteDeps, type FundSite } from './funds';

/**
 * 公租房 on every site of a county, beside its 民生资金公开 (they share the county's site, its masking
 * rule, its feed and the household lookup's guards, so they live under /funds):
 *   GET  /sites/<site>/funds/housing                          the county's rounds with a live roster (none yet: it says so; the county page links here)
 *   GET  /sites/<site>/funds/housing/rounds/<轮次>             a round: applications and status, the waiting list in order, allocations
 *   GET  /sites/<site>/funds/housing/rounds/<轮次>/history     every published version: when, what changed, its 更正 note
 *   GET|POST /sites/<site>/funds/housing/lookup               an applicant's own status (name + ID number + proof of work)
 * (The roster's empty template is the import templates' /funds/templates/housing.xlsx, fund-projects.ts.)
 */
export type HousingRouteDeps = Pick<FundRouteDeps, 'queries' | 'counties' | 'spamGuard' | 'fundLookups'> & { db: Db; config: MaskRule & HousingLookupDeps['config'] };

const HTML = 'text/html; charset=utf-8';
const segment = encodeURIComponent;

export function registerHousingRoutes(app: FastifyInstance, deps: HousingRouteDeps) {
  const where = fundSiteResolver(deps);
  const housing = new HousingStore(deps.db);
  const reads = { housing, config: deps.config };
  const lookupDeps = { housing, spamGuard: deps.spamGuard, fundLookups: deps.fundLookups, config: deps.config };
  const page = (reply: FastifyReply, at: FundSite, title: string, content: string) =>
    reply.type(HTML).send(renderSitePage(at.site, { title, content }));
  const hrefs = (at: FundSite, round?: string) => {
    const base = `${at.base}/housing`;
    const roundHref = round === undefined ? '' : `${base}/rounds/${segment(round)}`;
    return { countyName: at.countyName, fundsBase: at.base, base, roundHref, historyHref: `${roundHref}/history`, reportHref: `${at.base}/report` };
  };
  const none = (at: FundSite, round: string) => new PublisherError('NOT_FOUND', `${at.countyName}没有公开“${round}”的公租房名册：请返回 ${at.base}/housing 查看已公开的轮次`);

  type SiteParams = { Params: { site: string } };
  app.get<SiteParams>('/sites/:site/funds/housing', async (request, reply) => {
    const at = await where(request.params.site);
    const rounds = await housingRounds(reads, at.county);
    return page(reply, at, '公租房申请与配租公开', webTemplates.housingRounds({
      ...hrefs(at), rounds: rounds.map((r) => ({ ...r, href: hrefs(at, r.round).roundHref, historyHref: hrefs(at, r.round).historyHref })),
    }));
  });

  type RoundParams = { Params: { site: string; round: string } };
  app.get<RoundParams>('/sites/:site/funds/housing/rounds/:round', async (request, reply) => {
    const at = await where(request.params.site);
    const round = fundPlace(request.params.round);
    const view = await housingRound(reads, at.county, round);
    if (!view) throw none(at, round);
    return page(reply, at, `${round} · 公租房`, webTemplates.housingRound({ ...hrefs(at, round), ...view }));
  });
  app.get<RoundParams>('/sites/:site/funds/housing/rounds/:round/history', async (request, reply) => {
    const at = await where(request.params.site);
    const round = fundPlace(request.params.round);
    const view = await housingHistory(reads, at.county, round);
    if (!view) throw none(at, round);
    return page(reply, at, `${round} · 历史版本`, webTemplates.housingHistory({ ...hrefs(at, round), ...view }));
  });

  // The lookup's pages answer one person: never kept by a browser or a CDN.
  app.get<SiteParams>('/sites/:site/funds/housing/lookup', async (request, reply) => {
    const at = await where(request.params.site);
    return page(reply, at, '查询本人公租房申请进度', webTemplates.housingLookup(hrefs(at)));
  });
  app.post<SiteParams & { Body: Record<string, unknown> }>('/sites/:site/funds/housing/lookup', async (request, reply) => {
    const at = await where(request.params.site);
    const body = request.body && typeof request.body === 'object' ? request.body : {};
    const name = typeof body.name === 'string' ? body.name.slice(0, 50) : '';
    try {
      const applications = await lookupOwnHousing(lookupDeps, { county: at.county, name: body.name, idNumber: body.idNumber, proofOfWork: body.altcha, address: request.ip });
      // Answered: the form comes back empty, so a shared phone or a terminal shows the next person nobody's name.
      return page(reply, at, '查询本人公租房申请进度', webTemplates.housingLookup({ ...hrefs(at), answered: true, applications }));
    } catch (error) {
      const known = asPublisherError(error);
      if (known.status >= 500) throw error;
      if (known.status === 429) reply.header('retry-after', String(known.details?.retryAfterSeconds ?? 60));
      // The name comes back so nothing typed is lost; the ID number never does.
      reply.code(known.status);
      return page(reply, at, '查询本人公租房申请进度', webTemplates.housingLookup({ ...hrefs(at), name, error: known.publicMessage }));
    }
  });
}
