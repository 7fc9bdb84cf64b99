import generated from '../seed/channel-names.json';

/**
 * Channel names as authors read them: the channel registry's (channels/src/<channel>/channel.ts),
 * copied into the CMS by scripts/channel-names.ts — the same words as the publisher's /status,
 * 发布前检查 and previews.
 */
export const CHANNEL_NAMES: Record<string, string> = generated.names;
export const channelName = (code: string) => CHANNEL_NAMES[code] ?? code;
