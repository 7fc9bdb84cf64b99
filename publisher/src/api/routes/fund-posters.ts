import type { RenderCache } from '@tongyuan/channels';
import contentDisposition from 'content-disposition';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Config } from '../../config';
import { townshipDisclosure, type Breakdown } from '../../funds/disclosure';
import type { VillagePoster } from '../../funds/posters';
import type { ReportPrinter } from '../../reports/report-pdf';
import { counted, fundPlace, fundSiteResolver, noDisclosure, type FundRouteDeps, type FundSite } from './funds';

/**
 * 码上监督 posters for village notice boards (村务公开栏), A4 PDFs whose QR code opens the village's
 * disclosure page:
 *   GET /sites/<site>/funds/posters/<乡镇>/<村>.pdf   one village's poster
 *   GET /sites/<site>/funds/posters/<乡镇>.pdf        every village of the township, a page each (printed at once)
 * Only villages with live payments have a page to open, so only they get a poster.
 */
export type FundPosterDeps = FundRouteDeps & { renderCache: RenderCache; reportPrinter: ReportPrinter; config: Pick<Config, 'PUBLIC_URL'> };

const segment = encodeURIComponent;

export function registerFundPosterRoutes(app: FastifyInstance, deps: FundPosterDeps) {
  const where = fundSiteResolver(deps);
  // The font subsetter loads with the first poster, not into every API process at start (Playwright: with the first PDF).
  const posters = () => import('../../funds/posters.js');
  const origin = deps.config.PUBLIC_URL.replace(/\/$/, '');

  /** The township's villages with live payments, as posters, their figures as of the newest live batch. */
  async function villagePosters(at: FundSite, township: string, only?: string): Promise<VillagePoster[]> {
    const view = await townshipDisclosure(deps, at.county, township);
    if (!view) throw noDisclosure(at, township);
    const villages = only === undefined ? view.villages : view.villages.filter((v) => v.name === only);
    if (villages.length === 0) throw noDisclosure(at, `${township}${only}`);
    const [newest] = await deps.fundDisclosure.liveBatches(at.county);
    const { posterDay } = await posters();
    const asOf = newest?.liveAt ? posterDay(newest.liveAt) : '';
    return villages.map((v: Breakdown) => ({
      countyName: at.countyName, township, village: v.name, siteName: at.site.name, asOf, ...counted(v),
      url: `${origin}${at.base}/townships/${segment(township)}/${segment(v.name)}`,
    }));
  }

  async function send(reply: FastifyReply, list: VillagePoster[], fileName: string) {
    const { renderPosterPdf } = await posters();
    const pdf = await renderPosterPdf(list, { renderCache: deps.renderCache, printer: deps.reportPrinter });
    // Figures change only when a batch goes live, like the pages the codes open.
    return reply.type('application/pdf')
      .header('content-disposition', contentDisposition(fileName, { type: 'inline' })).send(pdf);
  }

  type VillageParams = { Params: { site: string; township: string; village: string } };
  app.get<VillageParams>('/sites/:site/funds/posters/:township/:village.pdf', async (request, reply) => {
    const at = await where(request.params.site);
    const [township, village] = [fundPlace(request.params.township), fundPlace(request.params.village)];
    return send(reply, await villagePosters(at, township, village), `${township}${village}民生资金码上监督海报.pdf`);
  });

  type TownshipParams = { Params: { site: string; township: string } };
  app.get<TownshipParams>('/sites/:site/funds/posters/:township.pdf', async (request, reply) => {
    const at = await where(request.params.site);
    const township = fundPlace(request.params.township);
    return send(reply, await villagePosters(at, township), `${township}各村民生资金码上监督海报.pdf`);
  });
}
