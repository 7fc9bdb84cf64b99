import type { HousingStore } from '../store/housing';
import { summarize } from './housing-disclosure';

/**
 * The funds feed's 公租房 entries (api/routes/fund-feed.ts): one per live roster version, as a payment
 * batch has one — a correction's entry takes its version's place, titled （更正） with its note and what
 * it changed. Counts only: nobody's name, number or home is in an entry.
 */
export interface HousingFeedItem { id: string; title: string; link: string; summary: string; contentHtml: string; date: Date; published: Date; tags: string[] }

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** `page`: the county's absolute funds address (PUBLIC_URL + /sites/<site>/funds). */
/** `ids`: every roster batch of the county, which the payment entries leave out. */
export async function housingFeedItems(housing: Pick<HousingStore, 'versions' | 'applications'>, county: string, page: string): Promise<{ ids: Set<number>; items: HousingFeedItem[] }> {
  const versions = await housing.versions(county);
  const live = versions.filter((v) => v.status === 'live' && v.liveAt);
  const items = await Promise.all(live.map(async (v) => {
    const s = summarize(await housing.applications(v.id));
    const link = `${page}/housing/rounds/${encodeURIComponent(v.round)}`;
    const summary = `公租房申请 ${s.applications} 户：审核通过 ${s.approved} 户，轮候 ${s.waiting} 户，已配租 ${s.allocated} 户`;
    const correction = v.replaces !== null ? `更正：${v.correctionNote ?? ''}（新增 ${v.added} 户，删除 ${v.removed} 户，变动 ${v.changed} 户）` : '';
    return {
      id: `${page}/housing/versions/${v.id}`, title: v.replaces !== null ? `${v.round}（更正）` : `${v.round}申请与配租公示`, link,
      summary: correction ? `${summary}。${correction}` : summary,
      contentHtml: `<p>${escape(summary)}</p>${correction ? `<p><strong>更正</strong>：${escape(correction.slice(3))}</p>` : ''}<p><a href="${escape(link)}">查看轮候名单和配租结果</a></p>`,
      date: new Date(v.liveAt!), published: new Date(v.liveAt!), tags: ['公租房'],
    };
  }));
  return { ids: new Set(versions.map((v) => v.id)), items };
}
