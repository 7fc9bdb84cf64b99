import type { AnyChannel, Channel } from './channel';
import type { ChannelCode } from './document/types';
import { audioChannel } from './audio/channel';
import { cinemaChannel } from './cinema/channel';
import { feedsChannel } from './feeds/channel';
import { kioskChannel } from './kiosk/channel';
import { policyMatchChannel } from './policy-match/channel';
import { printChannel } from './print/channel';
import { shortVideoChannel } from './short-video/channel';
import { tvChannel } from './tv/channel';
import { webChannel } from './web/channel';
import { wechatChannel } from './wechat/channel';
import { weiboChannel } from './weibo/channel';

/** Every channel the publisher can render. A new channel is its own folder and one line here. */
export const CHANNEL_REGISTRY: Partial<Record<ChannelCode, Channel<any>>> = {
  web: webChannel,
  feeds: feedsChannel,
  wechat: wechatChannel,
  weibo: weiboChannel,
  kiosk: kioskChannel,
  cinema: cinemaChannel,
  'short-video': shortVideoChannel,
  'policy-match': policyMatchChannel,
  print: printChannel,
  audio: audioChannel,
  tv: tvChannel,
};

export function channelFor(code: string): Channel | undefined {
  return CHANNEL_REGISTRY[code as ChannelCode];
}

/**
 * The registry's channels in order, and `extra` ones after them: how a test registers a channel of
 * its own at wiring time (the same code path as the registered ones).
 */
export function registeredChannels(): Channel[];
export function registeredChannels(extra: AnyChannel[]): AnyChannel[];
export function registeredChannels(extra: AnyChannel[] = []): AnyChannel[] {
  const all = [...(Object.values(CHANNEL_REGISTRY) as Channel[]), ...extra];
  const codes = all.map((c) => c.code);
  const twice = codes.filter((code, i) => codes.indexOf(code) !== i);
  if (twice.length) throw new Error(`渠道编码重复：${twice.join('、')}`);
  return all;
}

/** Every registered channel code (CHANNELS and other configuration are checked against these). */
export const channelCodes = (): string[] => Object.keys(CHANNEL_REGISTRY);

/**
 * Which registered channel carries each thing the publisher offers besides renditions: the portal
 * (sites, the question form, the policy finder), the kiosk terminals (their sync, heartbeat and
 * questions) and the policy catalogue (matching, facets, subscribers' pushes). The publisher names
 * these roles, never a channel code.
 */
export const CHANNEL_ROLES = {
  portal: webChannel.code,
  terminals: kioskChannel.code,
  policyCatalogue: policyMatchChannel.code,
} as const;

/** The channel whose CMS channel accounts have this platform (inspection and the annual report). */
export function channelOfAccountPlatform(platform: string): Channel | undefined {
  return registeredChannels().find((c) => c.accounts?.platform === platform);
}
