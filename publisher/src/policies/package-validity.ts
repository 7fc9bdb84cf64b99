import { characterCount, WECHAT_LIMITS, WEIBO_LIMITS } from '@tongyuan/channels';
import { VALIDITY } from '@tongyuan/document';
import { validityNote, type Validity } from './validity-board';

/**
 * Ready-to-post packages as operators are served them: WeChat, Weibo, short video and cinema
 * payloads (GraphQL) and the wechat.json / weibo.json files carry today's validity — a `validity`
 * field always, and a title marked 【已失效】 (or 【已修订】, 【尚未生效】) while the policy is not in
 * force — so an operator posting from the package cannot post an expired policy as current. Read
 * from the validity board when served: a change needs no render.
 */
export const PACKAGE_CHANNELS: ReadonlySet<string> = new Set(['wechat', 'weibo', 'short-video', 'cinema']);

/** The package files whose JSON is served with the same marking. */
export const isPackageFile = (channel: string, name: string) => (channel === 'wechat' || channel === 'weibo') && name === `${channel}.json`;

type Package = Record<string, unknown> & { title?: unknown; lead?: unknown; text?: unknown };

export function servedPackage<T>(channel: string, payload: T, validity: Validity): T {
  if (!PACKAGE_CHANNELS.has(channel) || !payload || typeof payload !== 'object') return payload;
  const out: Package = { ...(payload as Package), validity: { status: validity.status, endedOn: validity.endedOn, note: validityNote(validity) } };
  if (validity.status === VALIDITY.inForce) return out as T;
  const marker = `【${validity.status}】`;
  if (typeof out.title === 'string') out.title = fit(`${marker}${out.title}`, channel === 'wechat' ? WECHAT_LIMITS.title : Infinity);
  if (channel === 'weibo' && typeof out.lead === 'string' && typeof out.text === 'string' && out.text.startsWith(out.lead)) {
    // The lead ends with the full-text link and must stay within 140 characters: the words before it give way.
    const cut = out.lead.lastIndexOf(' ');
    const link = out.lead.slice(cut + 1);
    const lead = `${fit(`${marker}${out.lead.slice(0, cut)}`, WEIBO_LIMITS.lead - characterCount(link) - 1)} ${link}`;
    out.text = fit(`${lead}${out.text.slice(out.lead.length)}`, WEIBO_LIMITS.post);
    out.lead = lead;
    out.characters = characterCount(out.text as string);
  }
  return out as T;
}

/** At most `max` characters (code points), ending with … when cut. */
function fit(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
