import { feedDocument, FEED_TYPES } from '@tongyuan/channels';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config';
import type { FundDisclosureStore, LiveBatch } from '../../store/fund-disclosure';
import { fundSiteResolver, noDisclosure, type FundRouteDeps } from './funds';
import { count, yuan } from '../../funds/amounts';
import { housingFeedItems } from '../../funds/housing-feed';
import type { Db } from '../../store/db';
import { HousingStore } from '../../store/housing';

/**
 * GET /sites/<site>/funds/feed.(atom|rss|json): the county's new disclosures, one entry per live
 * batch of payments, 民生项目 or 村级财务 and per 公租房 roster (its title, what it holds, and a correction's 更正 note), written by the feed library as
 * the site's other feeds are. A correction going live takes its batch's place here as on the pages;
 * nothing of any payee is in it.
 */
export type FundFeedDeps = Pick<FundRouteDeps, 'queries' | 'counties'> & { fundDisclosure: Pick<FundDisclosureStore, 'liveBatches'>; config: Pick<Config, 'PUBLIC_URL'>; db: Db };

/** What each kind of batch holds, in one line: the entry's summary and first paragraph. */
const KINDS = {
  payments: (b: LiveBatch) => `${count(b.rows)} 笔，合计 ${yuan(b.totalFen)} 元`,
  projects: (b: LiveBatch) => `民生项目 ${count(b.rows)} 个，投资合计 ${yuan(b.totalFen)} 元`,
  ledgers: (b: LiveBatch) => `村级财务收支 ${count(b.rows)} 笔`,
};

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function registerFundFeedRoutes(app: FastifyInstance, deps: FundFeedDeps) {
  const where = fundSiteResolver(deps);
  const housing = new HousingStore(deps.db);
  app.get<{ Params: { site: string; format: string } }>('/sites/:site/funds/feed.:format', async (request, reply) => {
    const format = request.params.format;
    if (format !== 'atom' && format !== 'rss' && format !== 'json') return reply.code(404).send({ error: 'NOT_FOUND', message: '订阅格式为 feed.atom、feed.rss 或 feed.json' });
    const at = await where(request.params.site);
    // Payment batches, 民生项目 and 村级财务: every new disclosure is an entry, with what it holds and a correction's note.
    const batches = (await deps.fundDisclosure.liveBatches(at.county)).filter((b) => b.kind in KINDS);
    // 公租房 rosters are batches too, with entries of their own (funds/housing-feed.ts): one per live version.
    const rosters = await housingFeedItems(housing, at.county, `${deps.config.PUBLIC_URL.replace(/\/$/, '')}${at.base}`);
    const paid = batches.filter((b) => !rosters.ids.has(b.id));
    if (paid.length === 0 && rosters.items.length === 0) throw noDisclosure(at, '');
    const origin = deps.config.PUBLIC_URL.replace(/\/$/, '');
    const page = `${origin}${at.base}`;
    const body = feedDocument(format, {
      id: `${page}/feed`, title: `${at.countyName}民生资金公开`, description: `${at.countyName}新公开的惠民资金发放、民生项目、村级财务和公租房名册：每批的笔数、金额和更正说明`,
      link: page, copyright: at.site.name, updated: new Date(Math.max(0, ...paid.map((b) => Date.parse(b.liveAt) || 0), ...rosters.items.map((i) => i.date.getTime())) || Date.now()),
      feedLinks: { atom: `${page}/feed.atom`, rss: `${page}/feed.rss`, json: `${page}/feed.json` },
    }, [...paid.map((b) => {
      const summary = KINDS[b.kind as keyof typeof KINDS](b);
      const correction = b.correctionNote ? `更正“${b.replacedTitle ?? ''}”：${b.correctionNote}` : '';
      return {
        id: `${page}/batches/${b.id}`, title: b.correctionNote && !b.title.includes('更正') ? `${b.title}（更正）` : b.title, link: page,
        summary: correction ? `${summary}。${correction}` : summary,
        contentHtml: `<p>${escape(summary)}</p>${correction ? `<p><strong>更正</strong>：${escape(correction)}</p>` : ''}<p><a href="${escape(page)}">查看各乡镇、村的发放情况</a></p>`,
        date: new Date(b.liveAt), published: new Date(b.liveAt), tags: ['民生资金公开'],
      };
    }), ...rosters.items].sort((a, b) => b.date.getTime() - a.date.getTime()));
    return reply.type(FEED_TYPES[format]).send(body);
  });
}
