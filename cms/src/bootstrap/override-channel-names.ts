import generated from '../seed/channel-names.json';

/**
 * 渠道定制 entries carry their channel's Chinese name beside its code (channelName), because
 * Strapi titles each entry of a repeatable component with its main field's stored value, read
 * straight from the form: the code would show as "wechat". The admin's channel control writes the
 * name as the author picks (src/admin/override-channel-input.tsx); this fills it on every write
 * through the document service (the API, the demo, imports) and, at each start, in entries saved
 * before or under another name. The publisher never reads it: the registry names channels.
 */
const INTERPRETATION = 'api::interpretation.interpretation';
const OVERRIDE = 'interpretation.channel-override';
const NAMES: Record<string, string> = generated.names;

const named = (override: unknown) =>
  override && typeof override === 'object' && typeof (override as { channel?: unknown }).channel === 'string'
    ? { ...override, channelName: NAMES[(override as { channel: string }).channel] ?? (override as { channel: string }).channel }
    : override;

export function registerOverrideChannelNames(strapi: any): void {
  strapi.documents.use(async (context: any, next: () => Promise<any>) => {
    const { uid, action, params } = context;
    if (uid === INTERPRETATION && ['create', 'update'].includes(action) && Array.isArray(params?.data?.overrides)) {
      params.data.overrides = params.data.overrides.map(named);
    }
    return next();
  });
}

/** Entries whose name is missing or is not the registry's now. */
export async function nameOverrideChannels(strapi: any): Promise<void> {
  for (const [code, name] of Object.entries(NAMES)) {
    await strapi.db.query(OVERRIDE).updateMany({ where: { channel: code, $or: [{ channelName: null }, { channelName: { $ne: name } }] }, data: { channelName: name } });
  }
}
