import { HOOK_SECRET_HEADER } from '@tongyuan/document';

/**
 * What the publisher needs from the CMS, ensured at every start so nothing needs clicking:
 * a read-only API token whose secret is STRAPI_TOKEN, and a webhook to PUBLISHER_HOOK_URL carrying
 * HOOK_SECRET. Both follow the environment: change a variable and restart to rotate.
 */
export const PUBLISHER_TOKEN_NAME = 'tongyuan-publisher';
export const PUBLISHER_WEBHOOK_NAME = '同源发布服务 (tongyuan publisher)';
const EVENTS = ['entry.create', 'entry.update', 'entry.delete', 'entry.publish', 'entry.unpublish'];

export async function ensurePublisherToken(strapi: any, accessKey: string | undefined): Promise<void> {
  if (!accessKey) {
    strapi.log.warn('[tongyuan] STRAPI_TOKEN 未设置：不创建发布服务的只读令牌，发布服务将无法读取内容');
    return;
  }
  const tokens = strapi.service('admin::api-token-content-api');
  let token = await strapi.db.query('admin::api-token').findOne({ where: { name: PUBLISHER_TOKEN_NAME } });
  if (!token) {
    token = await tokens.create({
      name: PUBLISHER_TOKEN_NAME,
      description: '同源发布服务读取已发布内容（启动时自动维护，密钥来自 STRAPI_TOKEN）',
      type: 'read-only',
      lifespan: null,
    });
  }
  // Strapi generates random keys; we store the one from the environment the same way it would.
  const hashed = tokens.hash(accessKey);
  if (token.accessKey !== hashed) {
    await strapi.db.query('admin::api-token').update({
      where: { id: token.id },
      data: { accessKey: hashed, encryptedKey: strapi.service('admin::encryption').encrypt(accessKey) },
    });
  }
}

export async function ensurePublisherWebhook(strapi: any, url: string | undefined, secret: string | undefined) {
  const store = strapi.get('webhookStore');
  const runner = strapi.get('webhookRunner');
  const existing = (await store.findWebhooks()).find((w: any) => w.name === PUBLISHER_WEBHOOK_NAME);
  if (!url || !secret) {
    if (existing) {
      await store.deleteWebhook(existing.id);
      runner.remove(existing);
    }
    strapi.log.warn('[tongyuan] PUBLISHER_HOOK_URL 或 HOOK_SECRET 未设置：不向发布服务发送 webhook（对账器仍会补发）');
    return;
  }
  const wanted = { name: PUBLISHER_WEBHOOK_NAME, url, headers: { [HOOK_SECRET_HEADER]: secret }, events: EVENTS, isEnabled: true };
  if (!existing) {
    runner.add(await store.createWebhook(wanted));
    return;
  }
  const same =
    existing.url === url && existing.headers?.[HOOK_SECRET_HEADER] === secret && existing.isEnabled &&
    EVENTS.every((e) => existing.events.includes(e));
  if (!same) runner.update(await store.updateWebhook(existing.id, wanted));
}
