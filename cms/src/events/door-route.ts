import type { Core } from '@strapi/strapi';
import { relay } from '../inspection/county-routes';
import { whyNotOrganizer } from '../workflow/organizer';

/**
 * The door link of an open event (开放活动的门口签到) for the logged-in admin user:
 *   GET /tongyuan/events/:documentId/door-link   → { url, expiresAt, qr (SVG) }
 * Registrants' names are private to the organizing department, so only its staff (and their county's
 * office, the city office) get the link; the publisher signs it for that one event
 * (publisher/src/registrations/door-link.ts), and staff open it on their phones at the door.
 */
const EVENT = 'api::open-event.open-event';
const ID = /^[A-Za-z0-9_-]{1,64}$/;

function refuse(ctx: any, status: number, error: string, message: string) {
  ctx.status = status;
  ctx.body = { error, message };
}

export function registerDoorLinkRoute(strapi: Core.Strapi) {
  strapi.server.routes({
    type: 'admin',
    routes: [{
      method: 'GET', path: '/tongyuan/events/:documentId/door-link', config: { policies: ['admin::isAuthenticatedAdmin'] }, info: { type: 'admin', pluginName: 'tongyuan' },
      handler: async (ctx: any) => {
        const id = String(ctx.params.documentId);
        if (!ID.test(id)) return refuse(ctx, 400, 'BAD_INPUT', 'documentId 格式不正确');
        const event = await strapi.db.query(EVENT).findOne({ where: { documentId: id }, populate: { department: { populate: ['county'] } } });
        if (!event) return refuse(ctx, 404, 'NOT_FOUND', '没有这个开放活动');
        const why = await whyNotOrganizer(strapi, event.department, '门口签到页');
        if (why) return refuse(ctx, 403, 'NOT_ORGANIZER', why);
        // The publisher answers 404 for an event that is not live: there is no door before it is published.
        await relay(ctx, `checkin/${encodeURIComponent(id)}/door-link`, {}, 10_000);
      },
    }],
  });
}
