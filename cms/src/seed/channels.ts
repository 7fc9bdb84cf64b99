import generated from './channel-names.json';

/**
 * The channels Tongyuan publishes to (GLOSSARY.md); reference data every installation needs. Their
 * names are the channel registry's (channel-names.json, generated from channels/src by
 * scripts/channel-names.ts), so the relation picker says what /status and the panel say.
 */
const names: Record<string, string> = generated.names;
export const CHANNELS = [
  { code: 'web', name: names.web, description: '县、乡镇、部门网站的统一目录页面' },
  { code: 'feeds', name: names.feeds, description: 'RSS 2.0、Atom 1.0、JSON Feed 1.1' },
  { code: 'wechat', name: names.wechat, description: '可直接发布的图文消息包' },
  { code: 'weibo', name: names.weibo, description: '2000 字以内、前 140 字独立成句的博文和最多 9 张图' },
  { code: 'kiosk', name: names.kiosk, description: '服务大厅、城市书房、村居的离线触摸屏' },
  { code: 'cinema', name: names.cinema, description: '送电影下乡放映前 3–5 分钟的政策解读片' },
  { code: 'short-video', name: names['short-video'], description: '竖屏 9:16 政策短视频' },
  { code: 'audio', name: names.audio, description: '广播电台、播客、手机和 IP 音柱的政策解读音频节目（MP3 与 48 kHz 广播 WAV）' },
  { code: 'tv', name: names.tv, description: '县级融媒体中心电视台播出的 16:9 政策解读片（带节目信息板）和滚动字幕' },
  { code: 'print', name: names.print, description: '网格员入户发放的 A4 明白纸、A3 二维码海报和 A5 小册子' },
] as const;

/** Creates the missing channels, and gives existing ones the registry's name (an installation from before kept the old wording). */
export async function ensureChannels(strapi: any): Promise<void> {
  for (const channel of CHANNELS) {
    const existing = await strapi.documents('api::channel.channel').findFirst({ filters: { code: channel.code } });
    if (!existing) await strapi.documents('api::channel.channel').create({ data: { ...channel, enabled: true } });
    else if (existing.name !== channel.name) await strapi.documents('api::channel.channel').update({ documentId: existing.documentId, data: { name: channel.name } });
  }
}
