/**
 * The published document is the kernel's (@tongyuan/document): its schema, the types derived from
 * it and its rules. Channels only read it; what is theirs is which channel codes exist.
 */
export * from '@tongyuan/document';

export const CHANNEL_CODES = ['web', 'feeds', 'wechat', 'weibo', 'kiosk', 'cinema', 'short-video', 'policy-match', 'print', 'audio', 'tv'] as const;
export type ChannelCode = (typeof CHANNEL_CODES)[number];
