import { registrationTemplates } from '@tongyuan/templates';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config';
import { PublisherError } from '../../errors';
import { loadQrcode } from '../../libraries';
import { doorLinkExpiry, doorToken } from '../../registrations/door-link';
import { eventOrRefuse, type RegistrationDeps } from '../../registrations/register';
import { eventWhen, jsqrScript } from './registrations';

/**
 * The door of an open event, for the organizing department's staff on their phones — whoever opened
 * the event's door link (audiences/door.ts checks it):
 *   GET  /checkin/<documentId>/            the check-in page: scan registrants' QR codes with the camera, the door list below
 *   GET  /checkin/<documentId>/door.json   the door list: name, group, the phone's last 4 digits, status, checked in
 *   POST /checkin/<documentId>/arrivals    { receipt, at? } marks one attendance (the page sends offline marks later, with their time)
 * Public, as they hold nothing of anyone's:
 *   GET  /checkin/<documentId>/sw.js       its service worker: the page reopens without a network
 *   GET  /checkin/assets/jsqr.js           the QR scanner (jsQR) for the page
 * For the CMS (hook secret), which checks the department first:
 *   GET  /hooks/checkin/<documentId>/door-link   the signed link, its expiry and its QR code
 * The door list carries what a volunteer needs to let people in, not their full numbers.
 */
export type CheckinRouteDeps = Pick<RegistrationDeps, 'db' | 'registrations' | 'clock'> & { config: Pick<Config, 'HOOK_SECRET' | 'PUBLIC_URL'> };
const OFFLINE_MARK_MAX_AGE_MS = 24 * 3600_000;

export function registerCheckinRoutes(app: FastifyInstance, services: CheckinRouteDeps) {
  const { registrations } = services;
  type EventParams = { Params: { event: string } };

  app.get<EventParams>('/checkin/:event/', async (request, reply) => {
    const event = await eventOrRefuse(services.db, request.params.event);
    return reply.type('text/html; charset=utf-8').send(registrationTemplates.checkin({
      event: event.documentId, title: event.title, when: eventWhen(event), place: event.place,
      css: registrationTemplates.checkinCss, script: registrationTemplates.checkinScript,
    }));
  });

  app.get<EventParams>('/checkin/:event/door.json', async (request, reply) => {
    const event = await eventOrRefuse(services.db, request.params.event);
    const rows = await registrations.ofEvent(event.documentId);
    return reply.send({
      event: event.documentId, title: event.title,
      registrations: rows.map((r) => ({
        receipt: r.receipt, name: r.name, group: r.group_name, phoneTail: r.phone.slice(-4), status: r.status, arrival: r.arrival, checkedInAt: r.checked_in_at,
      })),
    });
  });

  app.post<EventParams & { Body: { receipt?: unknown; at?: unknown } }>('/checkin/:event/arrivals', async (request, reply) => {
    const event = await eventOrRefuse(services.db, request.params.event);
    const receipt = typeof request.body?.receipt === 'string' ? request.body.receipt.trim().toUpperCase() : '';
    const now = services.clock();
    const claimed = typeof request.body?.at === 'string' ? Date.parse(request.body.at) : NaN;
    // A mark made offline keeps its time (within a day, never in the future); otherwise now.
    const at = Number.isFinite(claimed) && claimed <= now.getTime() && claimed >= now.getTime() - OFFLINE_MARK_MAX_AGE_MS ? new Date(claimed) : now;
    const row = receipt ? await registrations.checkIn(event.documentId, receipt, at.toISOString()) : undefined;
    if (!row) throw new PublisherError('NOT_FOUND', `报名编号 ${receipt.slice(0, 20) || '（空）'} 不是本活动的报名`);
    if (row.status !== 'confirmed') throw new PublisherError('REGISTRATION_CLOSED', row.status === 'waitlisted' ? '候补中，尚未递补成功，不能入场' : '这个报名已取消');
    return reply.send({ receipt: row.receipt, name: row.name, group: row.group_name, checkedInAt: row.checked_in_at });
  });
}

export function registerCheckinAssetRoutes(app: FastifyInstance) {
  app.get<{ Params: { event: string } }>('/checkin/:event/sw.js', async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').send(registrationTemplates.checkinWorker));

  app.get('/checkin/assets/jsqr.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(jsqrScript));
}

/** The door link for the CMS to hand to the organizing department (it has checked who asks). */
export function registerDoorLinkHook(app: FastifyInstance, services: CheckinRouteDeps) {
  app.get<{ Params: { event: string } }>('/hooks/checkin/:event/door-link', async (request, reply) => {
    const event = await eventOrRefuse(services.db, request.params.event);
    const expiresAt = doorLinkExpiry(event.endsAt, services.clock());
    const url = `${services.config.PUBLIC_URL.replace(/\/$/, '')}/checkin/${event.documentId}/?door=${doorToken(services.config.HOOK_SECRET, event.documentId, expiresAt)}`;
    const qr = await loadQrcode().toString(url, { type: 'svg', margin: 2, errorCorrectionLevel: 'M', width: 240 });
    return reply.send({ event: event.documentId, title: event.title, url, expiresAt: expiresAt.toISOString(), qr });
  });
}
