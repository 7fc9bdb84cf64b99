import { readFileSync } from 'node:fs';
import { chinaLongDateTime as chinaTime } from '@tongyuan/document';
import { renderSitePage, type SiteInfo } from '@tongyuan/channels';
import { registrationTemplates } from '@tongyuan/templates';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { asPublisherError, PublisherError } from '../../errors';
import { loadQrcode } from '../../libraries';
import type { EventForRegistration } from '../../registrations/event-seats';
import { cancelKeyHash, closedMessage, eventOrRefuse, register, type RegistrationDeps } from '../../registrations/register';
import type { RegistrationRow } from '../../store/registrations';
import type { PublicationQueries } from '../../store/queries';

/**
 * Open-event registration (开放活动报名), the public side:
 *   GET  /sites/<site>/events/<documentId>/register   the form (seats left, or why registration is closed)
 *   POST /sites/<site>/events/<documentId>/register   form post → receipt page (code, QR, cancel link), or the form again with the error and the text kept
 *   GET  /registrations/<receipt>?key=<cancel key>    the receipt again: status now (promoted from the waiting list?), the QR, the cancel button
 *   POST /registrations/<receipt>/cancel              cancel (key in the form); the first on the waiting list gets the seat
 * The staff's door page is in routes/checkin.ts. The proof-of-work challenge and widget are the question form's.
 */
const HTML = 'text/html; charset=utf-8';
const SITE = /^[a-z0-9][a-z0-9-]*$/;
const RECEIPT = /^E\d{8}-[A-Z2-9]{6}$/;
type Form = Record<string, unknown>;
const text = (value: unknown, max: number) => (typeof value === 'string' ? value.slice(0, max) : '');
export const eventWhen = (event: EventForRegistration) => `${chinaTime(event.startsAt)} 至 ${chinaTime(event.endsAt)}`;

export type RegistrationRouteDeps = RegistrationDeps & { queries: PublicationQueries };

export function registerRegistrationRoutes(app: FastifyInstance, services: RegistrationRouteDeps) {
  const { registrations, config } = services;
  const siteOf = async (code: string) => (SITE.test(code) ? services.queries.siteOn('web', code) : null);
  const page = (reply: FastifyReply, site: SiteInfo, title: string, content: string, status = 200) =>
    reply.code(status).type(HTML).send(renderSitePage(site, { title, content }));

  const form = async (reply: FastifyReply, site: SiteInfo, event: EventForRegistration, values: Form, error?: PublisherError) => {
    const counts = await registrations.counts(event.documentId);
    const seats = event.capacity ?? 0;
    const content = registrationTemplates.form({
      site: site.code, event: event.documentId, title: event.title, when: eventWhen(event), place: event.place, seats,
      full: seats > 0 && counts.confirmed >= seats, left: Math.max(0, seats - counts.confirmed), closed: closedMessage(event, services.clock()),
      // What the registrant typed comes back with the error (Handlebars escapes it), so nothing is lost.
      name: text(values.name, 100), phone: text(values.phone, 40), error: error?.publicMessage,
      groups: config.REGISTRATION_GROUPS.map((name) => ({ name, checked: values.group === name })),
    });
    if (error?.code === 'QUESTION_FLOOD') reply.header('retry-after', String(error.details?.retryAfterSeconds ?? 3600));
    return page(reply, site, `活动报名 · ${event.title}`, content, error ? error.status : 200);
  };

  type EventParams = { Params: { site: string; event: string } };
  app.get<EventParams>('/sites/:site/events/:event/register', async (request, reply) => {
    const site = await siteOf(request.params.site);
    if (!site) return reply.code(404).send({ error: 'NOT_FOUND', message: '没有这个站点' });
    return form(reply, site, await eventOrRefuse(services.db, request.params.event), {});
  });

  // 50,000 characters of Chinese in a field is ~450 KB form-encoded: taken in, so the refusal is the form's own words.
  app.post<EventParams & { Body: Form }>('/sites/:site/events/:event/register', { bodyLimit: 2 * 1024 * 1024 }, async (request, reply) => {
    const site = await siteOf(request.params.site);
    if (!site) return reply.code(404).send({ error: 'NOT_FOUND', message: '没有这个站点' });
    const event = await eventOrRefuse(services.db, request.params.event);
    const values: Form = request.body && typeof request.body === 'object' ? request.body : {};
    try {
      const result = await register(services, event, { name: values.name, phone: values.phone, group: values.group }, {
        sender: { kind: 'address', address: request.ip }, site: site.code, proofOfWork: values.altcha, honeypot: values.website,
      });
      return page(reply, site, '报名回执', await receiptHtml(result.row, event, result.cancelKey, result.position), 201);
    } catch (error) {
      const known = asPublisherError(error);
      if (known.status >= 500) throw error;
      return form(reply, site, event, values, known);
    }
  });

  const withKey = async (receipt: string, key: unknown) => {
    const row = RECEIPT.test(receipt) && typeof key === 'string' && key.length <= 64 ? await registrations.byReceipt(receipt) : undefined;
    if (!row || row.cancel_key_hash !== cancelKeyHash(key as string)) throw new PublisherError('NOT_FOUND', '没有这个报名，或链接不完整：请打开报名回执上的完整链接');
    return row;
  };
  const receiptPage = async (reply: FastifyReply, row: RegistrationRow, key: string, status = 200) => {
    const event = await eventOrRefuse(services.db, row.event_id);
    const site = (row.site && (await siteOf(row.site))) || { code: event.sites[0]?.code ?? '', name: event.sites[0]?.name ?? '' };
    return page(reply, site as SiteInfo, '报名回执', await receiptHtml(row, event, key, await registrations.waitlistPosition(row)), status);
  };

  app.get<{ Params: { receipt: string }; Querystring: { key?: string } }>('/registrations/:receipt', async (request, reply) => {
    const row = await withKey(request.params.receipt, request.query.key);
    return receiptPage(reply, row, request.query.key!);
  });

  app.post<{ Params: { receipt: string }; Body: Form }>('/registrations/:receipt/cancel', async (request, reply) => {
    const key = (request.body as Form | undefined)?.key;
    const row = await withKey(request.params.receipt, key);
    await registrations.cancel(row.receipt, row.cancel_key_hash, services.clock().toISOString());
    return receiptPage(reply, (await registrations.byReceipt(row.receipt))!, key as string);
  });
}

async function receiptHtml(row: RegistrationRow, event: EventForRegistration, key: string, position: number | null): Promise<string> {
  const link = `/registrations/${row.receipt}?key=${encodeURIComponent(key)}`;
  const heading = { confirmed: '报名成功', waitlisted: '已进入候补名单', cancelled: '报名已取消' }[row.status];
  // The QR holds the receipt code only (the door page looks it up in its list): nothing personal on a screenshot.
  const qr = row.status === 'confirmed' ? await loadQrcode().toString(row.receipt, { type: 'svg', margin: 2, errorCorrectionLevel: 'M', width: 240 }) : '';
  return registrationTemplates.receipt({
    heading, title: event.title, when: eventWhen(event), place: event.place, receipt: row.receipt, key, link, site: row.site ?? '',
    confirmed: row.status === 'confirmed', waitlisted: row.status === 'waitlisted', cancelled: row.status === 'cancelled', position, qr,
    checkedIn: row.checked_in_at ? chinaTime(row.checked_in_at) : null,
  });
}

/** jsQR's browser build (a UMD script defining window.jsQR), served to the door page from here. */
export const jsqrScript = readFileSync(require.resolve('jsqr/dist/jsQR.js'));
