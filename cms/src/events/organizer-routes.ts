import type { Core } from '@strapi/strapi';
import { refuse, relay } from '../inspection/county-routes';
import { whyNotOrganizer } from '../workflow/organizer';

/**
 * What an open event's organizing department does with it after publishing (开放活动), for the
 * logged-in admin user; the department's own staff, their county's office and the city office only:
 *   GET  /tongyuan/events/:documentId/door-link   → { url, expiresAt, qr (SVG) }: 门口签到 on staff's phones
 *   POST /tongyuan/events/:documentId/comments    { comments: string[] } → the 现场意见簿 as 建议 in the desk
 * Registrants' names are the department's, so the door link is signed for that one event by the publisher
 * (publisher/src/registrations/door-link.ts); the comment book goes to the publisher's question desk, which
 * hands each comment back to the CMS as a 建议 due like any other.
 */
const EVENT = 'api::open-event.open-event';
const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The event, once the user is found to speak for its organizing department; else the refusal is sent and null returned. */
async function organizersEvent(strapi: Core.Strapi, ctx: any, what: string): Promise<{ documentId: string } | null> {
  const id = String(ctx.params.documentId);
  if (!ID.test(id)) return (refuse(ctx, 400, 'BAD_INPUT', 'documentId 格式不正确'), null);
  const event = await strapi.db.query(EVENT).findOne({ where: { documentId: id }, populate: { department: { populate: ['county'] } } });
  if (!event) return (refuse(ctx, 404, 'NOT_FOUND', '没有这个开放活动'), null);
  const why = await whyNotOrganizer(strapi, event.department, what);
  if (why) return (refuse(ctx, 403, 'NOT_ORGANIZER', why), null);
  return event;
}

export function registerEventOrganizerRoutes(strapi: Core.Strapi) {
  const config = { policies: ['admin::isAuthenticatedAdmin'] };
  const info = { type: 'admin', pluginName: 'tongyuan' };
  strapi.server.routes({
    type: 'admin',
    routes: [
      {
        method: 'GET', path: '/tongyuan/events/:documentId/door-link', config, info,
        handler: async (ctx: any) => {
          const event = await organizersEvent(strapi, ctx, '门口签到页');
          // The publisher answers 404 for an event that is not live: there is no door before it is published.
          if (event) await relay(ctx, `checkin/${encodeURIComponent(event.documentId)}/door-link`, {}, 10_000);
        },
      },
      {
        method: 'POST', path: '/tongyuan/events/:documentId/comments', config, info,
        handler: async (ctx: any) => {
          const event = await organizersEvent(strapi, ctx, '现场意见簿录入');
          if (event) await relay(ctx, `events/${encodeURIComponent(event.documentId)}/comments`, {}, 30_000, { comments: ctx.request.body?.comments });
        },
      },
    ],
  });
}
