/** The channels Tongyuan publishes to (GLOSSARY.md); reference data every installation needs. */
export const CHANNELS = [
  { code: 'web', name: '门户网站', description: '县、乡镇、部门网站的统一目录页面' },
  { code: 'feeds', name: '订阅源', description: 'RSS 2.0、Atom 1.0、JSON Feed 1.1' },
  { code: 'wechat', name: '微信公众号', description: '可直接发布的图文消息包' },
  { code: 'weibo', name: '微博', description: '2000 字以内、前 140 字独立成句的博文和最多 9 张图' },
  { code: 'kiosk', name: '触摸屏查询终端', description: '服务大厅、城市书房、村居的离线触摸屏' },
  { code: 'cinema', name: '电影映前解读', description: '送电影下乡放映前 3–5 分钟的政策解读片' },
  { code: 'short-video', name: '短视频', description: '竖屏 9:16 政策短视频' },
] as const;

export async function ensureChannels(strapi: any): Promise<void> {
  for (const channel of CHANNELS) {
    const existing = await strapi.documents('api::channel.channel').findFirst({ filters: { code: channel.code } });
    if (!existing) await strapi.documents('api::channel.channel').create({ data: { ...channel, enabled: true } });
  }
}
