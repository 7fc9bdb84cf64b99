import type { FastifyInstance } from 'fastify';
import { feedDocument, FEED_TYPES, htmlText as escapeHtml, type FeedEntry, type FeedFormat } from '@tongyuan/channels';
import type { Config } from '../../config';
import { feedUrlOf } from '../../policies/subscriptions';
import type { PolicyPushEvent, PolicySubscriptionStore } from '../../store/policy-subscriptions';

const FEED_SIZE = 50;

/**
 * A policy push subscription's own feed: its events newest first (JSON Feed 1.1, RSS 2.0, Atom
 * 1.0, built by the `feed` library). The URL carries a token besides the id; the feed shows the
 * items, never the profile. A withdrawn item's entry is titled 【已撤回】.
 */
export interface SubscriptionFeedDeps { subscriptions: PolicySubscriptionStore; config: Pick<Config, 'PUBLIC_URL'> }

/** The subscribers plugin's guard has found the subscription (`request.subscriber`) from the id, the file and the token. */
export function registerSubscriptionFeedRoutes(app: FastifyInstance, services: SubscriptionFeedDeps) {
  const { config, subscriptions } = services;
  app.get<{ Params: { id: string; file: string } }>('/subscriptions/:id/:file', async (request, reply) => {
    const { subscription, format, token } = request.subscriber!;
    const events = await subscriptions.recentEvents(subscription.id, FEED_SIZE);
    const url = (f: FeedFormat) => feedUrlOf(config.PUBLIC_URL, subscription.id, token, f);
    const head = {
      id: `urn:tongyuan:policy-subscription:${subscription.id}`,
      title: `政策推送 · ${subscription.name}`,
      description: '符合订阅画像的新政策、政策变化和撤回（同源发布）',
      link: `${config.PUBLIC_URL}/policy-finder/`,
      copyright: '同源发布',
      updated: new Date(events[0]?.createdAt ?? subscription.createdAt),
      feedLinks: { json: url('json'), rss: url('rss'), atom: url('atom') },
    };
    const entries: FeedEntry[] = events.map((event) => ({
      id: `urn:tongyuan:policy-event:${event.id}`,
      title: event.kind === 'withdrawn' ? `【已撤回】${event.item.title}` : event.item.title,
      link: event.kind === 'withdrawn' ? `${config.PUBLIC_URL}/policy-finder/` : event.item.url, summary: summaryOf(event), contentHtml: contentOf(event), date: new Date(event.createdAt),
      tags: event.item.tagNames,
    }));
    return reply.type(FEED_TYPES[format]).send(feedDocument(format, head, entries));
  });
}

function summaryOf(event: PolicyPushEvent): string {
  if (event.kind === 'withdrawn') return `该事项${event.note}：${event.item.documentTitle}`;
  return `${event.note === 'changed' ? '内容有更新：' : ''}${event.item.who}｜${event.item.amount}`;
}

function contentOf(event: PolicyPushEvent): string {
  const { item } = event;
  const rows: Array<[string, string]> = [
    ['适用对象', item.who], ['优惠内容', item.what], ['优惠额度', item.amount], ['办理方式', item.howToApply],
    ['政策依据', item.basis ? `${item.basis.title}（${item.basis.documentNumber}）` : item.documentTitle],
    ['有效期', `${item.validFrom ?? '—'} 至 ${item.validTo ?? '长期'}`],
  ];
  const head = event.kind === 'withdrawn' ? `<p><strong>此事项${escapeHtml(event.note)}，不再推送。</strong></p>` : '';
  return `${head}<dl>${rows.map(([label, text]) => `<dt>${label}</dt><dd>${escapeHtml(text)}</dd>`).join('')}</dl>`;
}
