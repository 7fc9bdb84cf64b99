import { renderSitePage } from '@tongyuan/channels';
import { chinaDateTime, chinaDayOf } from '@tongyuan/document';
import { webTemplates } from '@tongyuan/templates';
import type { FastifyInstance } from 'fastify';
import type { StrapiClient } from '../../ingest/strapi-client';
import { openFigures, openFigureSources, type FigureScope, type OpenFigures } from '../../questions/open-figures';
import type { Db } from '../../store/db';
import type { PublicationQueries } from '../../store/queries';
import type { QuestionStore } from '../../store/questions';

/**
 * 你建言我来办 · 公开数据 per site: GET /sites/<site>/open-figures — rounds held, suggestions handled
 * and replied, adopted and partly adopted, open events, participants and survey responses, in all
 * and this year. Counts only: no suggestion's text, no name.
 */
export type OpenFigureDeps = { db: Db; strapi: Pick<StrapiClient, 'get'>; queries: PublicationQueries; questionDesk: QuestionStore; clock: () => Date };

const SITE = /^[a-z0-9][a-z0-9-]*$/;
export const EVER = '0000-01-01T00:00:00.000Z';

export const siteScope = (site: string): FigureScope => ({
  suggestion: (q) => q.site === site, event: (body) => (body.sites ?? []).some((s: { code: string }) => s.code === site),
  response: (r) => r.site === site, round: (r) => r.site === site,
});

const LABELS: Array<[keyof OpenFigures, string, string]> = [
  ['roundsHeld', '举办征集', '轮'], ['suggestions', '收到建议', '条'], ['replied', '已答复', '条'], ['adopted', '已采纳', '条'], ['partlyAdopted', '部分采纳', '条'],
  ['events', '开放活动', '场'], ['participants', '参与人数', '人'], ['surveyResponses', '问卷答卷', '份'],
];
const shown = (figures: OpenFigures) => LABELS.map(([key, label, unit]) => ({ key, label, unit, value: figures[key].toLocaleString('zh-CN') }));

export function registerOpenFigureRoutes(app: FastifyInstance, deps: OpenFigureDeps) {
  const sources = openFigureSources(deps);
  app.get<{ Params: { site: string } }>('/sites/:site/open-figures', async (request, reply) => {
    const site = SITE.test(request.params.site) ? await deps.queries.siteOn('web', request.params.site) : null;
    if (!site) return reply.code(404).send({ error: 'NOT_FOUND', message: '没有这个站点' });
    const now = deps.clock();
    const today = chinaDayOf(now);
    const year = Number(today.slice(0, 4));
    const end = new Date(`${year + 1}-01-01T00:00:00+08:00`).toISOString();
    const scope = siteScope(site.code);
    const total = await openFigures(sources, scope, EVER, end, today);
    const thisYear = await openFigures(sources, scope, new Date(`${year}-01-01T00:00:00+08:00`).toISOString(), end, today);
    const rounds = (await sources.rounds.all()).filter((r) => r.site === site.code && r.startsOn <= today).reverse().slice(0, 20);
    const content = webTemplates.openFigures({ site: site.code, siteName: site.name, asOf: chinaDateTime(now), year, total: shown(total), thisYear: shown(thisYear), rounds });
    return reply.type('text/html; charset=utf-8')
      .send(renderSitePage(site, { title: '你建言我来办 · 公开数据', content }));
  });
}
