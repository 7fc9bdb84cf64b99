import type { Channel } from './channel';
import type { ChannelCode } from './document/types';
import { cinemaChannel } from './cinema/channel';
import { feedsChannel } from './feeds/channel';
import { kioskChannel } from './kiosk/channel';
import { policyMatchChannel } from './policy-match/channel';
import { shortVideoChannel } from './short-video/channel';
import { webChannel } from './web/channel';
import { wechatChannel } from './wechat/channel';
import { weiboChannel } from './weibo/channel';

/** Every channel the publisher can render. A new channel is its own folder and one line here. */
export const CHANNEL_REGISTRY: Partial<Record<ChannelCode, Channel>> = {
  web: webChannel,
  feeds: feedsChannel,
  wechat: wechatChannel,
  weibo: weiboChannel,
  kiosk: kioskChannel,
  cinema: cinemaChannel,
  'short-video': shortVideoChannel,
  'policy-match': policyMatchChannel,
};

export function channelFor(code: string): Channel | undefined {
  return CHANNEL_REGISTRY[code as ChannelCode];
}

export const registeredChannels = (): Channel[] => Object.values(CHANNEL_REGISTRY) as Channel[];
