import { readFileSync } from 'node:fs';
import { chinaLongDateTime as chinaTime } from '@tongyuan/document';
import { CHANNEL_ROLES, chinaToday, renderSitePage, type SiteInfo } from '@tongyuan/channels';
import { webTemplates } from '@tongyuan/templates';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { asPublisherError, PublisherError } from '../../errors';
import { QUESTION_MAX_CHARS } from '../../questions/question-input';
import { receiveQuestion, type QuestionReceipt, type ReceiveQuestionDeps } from '../../questions/receive-question';
import type { Config } from '../../config';
import type { KioskStore } from '../../store/kiosks';

/**
 * The question desk's public side (宜企问):
 *   GET  /sites/<site>/ask[?about=<documentId>][&kind=suggestion]  the form (咨询 or 建议; with the interpretation it is about)
 *   POST /sites/<site>/ask                       form post → receipt page, or the form again with the error and the text kept
 *   POST /kiosk/<terminal>/questions             JSON from a touch screen (kept on the terminal while offline)
 *   GET  /questions/challenge                    the form's proof-of-work challenge (ALTCHA)
 *   GET  /assets/altcha.js                       the ALTCHA widget, served from here (no outside script)
 *   GET  /assets/altcha-lib.js                   the same solver without a widget, for the kiosk app
 */
const HTML = 'text/html; charset=utf-8';
const SITE = /^[a-z0-9][a-z0-9-]*$/;
const widget = readFileSync(require.resolve('altcha/i18n')); // the form's widget with its translations (zh-cn), a classic script
const solver = readFileSync(require.resolve('altcha/lib')); // the kiosk app's: solveChallenge without a widget (global `lib`)
type Form = Record<string, unknown>;

const text = (value: unknown) => (typeof value === 'string' ? value : '');

export type QuestionRouteDeps = ReceiveQuestionDeps & { kiosks: KioskStore; config: Pick<Config, 'KIOSK_STALE_HOURS' | 'QUESTION_DUE_WORKING_DAYS'> };

export function registerQuestionRoutes(app: FastifyInstance, services: QuestionRouteDeps) {
  const { queries } = services;
  const siteOf = async (code: string) => (SITE.test(code) ? queries.siteOn('web', code) : null);
  const aboutTitle = async (about: string) => (/^[A-Za-z0-9_-]{1,64}$/.test(about) ? (await queries.liveItem('web', about))?.title : undefined);

  const form = async (reply: FastifyReply, site: SiteInfo, values: Form, error?: PublisherError) => {
    const about = text(values.about);
    const content = webTemplates.ask({
      site: site.code, about: about || undefined, aboutTitle: about ? await aboutTitle(about) : undefined, maxChars: QUESTION_MAX_CHARS,
      // What the asker typed comes back with the error (Handlebars escapes it), so nothing is lost.
      body: text(values.body).slice(0, QUESTION_MAX_CHARS * 2), askerName: text(values.askerName).slice(0, 100), askerContact: text(values.askerContact).slice(0, 200),
      error: error?.publicMessage, suggestion: values.kind === 'suggestion',
    });
    if (error?.code === 'QUESTION_FLOOD') reply.header('retry-after', String(error.details?.retryAfterSeconds ?? 3600));
    return reply.code(error ? error.status : 200).type(HTML)
      .send(renderSitePage(site, { title: '我要咨询', content, column: 'ask' }));
  };

  app.get<{ Params: { site: string }; Querystring: { about?: string; kind?: string } }>('/sites/:site/ask', async (request, reply) => {
    const site = await siteOf(request.params.site);
    if (!site) return reply.code(404).send({ error: 'NOT_FOUND', message: '没有这个站点' });
    return form(reply, site, { about: request.query.about, kind: request.query.kind });
  });

  app.post<{ Params: { site: string }; Body: Form }>('/sites/:site/ask', { bodyLimit: 256 * 1024 }, async (request, reply) => {
    const site = await siteOf(request.params.site);
    if (!site) return reply.code(404).send({ error: 'NOT_FOUND', message: '没有这个站点' });
    const values: Form = request.body && typeof request.body === 'object' ? request.body : {};
    try {
      const receipt = await receiveQuestion(services, { ...pick(values), site: site.code }, {
        source: CHANNEL_ROLES.portal, sender: { kind: 'address', address: request.ip }, proofOfWork: values.altcha, honeypot: values.website,
      });
      return reply.code(receipt.duplicate ? 200 : 201).type(HTML)
        .send(renderSitePage(site, { title: receipt.kind === 'suggestion' ? '建议已受理' : '问题已受理', content: receiptHtml(site.code, receipt), column: 'ask' }));
    } catch (error) {
      const known = asPublisherError(error);
      if (known.status >= 500) throw error;
      return form(reply, site, values, known);
    }
  });

  app.post<{ Params: { terminal: string }; Body: Form }>('/kiosk/:terminal/questions', { bodyLimit: 256 * 1024 }, async (request, reply) => {
    const terminal = await services.kiosks.terminal(request.params.terminal, chinaToday(services.clock), services.config.KIOSK_STALE_HOURS);
    if (!terminal) return reply.code(404).send({ error: 'NOT_FOUND', message: `没有编号为“${request.params.terminal}”的终端` });
    const values: Form = request.body && typeof request.body === 'object' ? request.body : {};
    const receipt = await receiveQuestion(services, pick(values), { source: CHANNEL_ROLES.terminals, sender: { kind: 'terminal', code: terminal.code }, terminal: terminal.code, proofOfWork: values.altcha });
    return reply.code(receipt.duplicate ? 200 : 201).send(receipt);
  });

  app.get('/questions/challenge', async (_request, reply) => reply.send(await services.spamGuard.challenge(services.clock())));

  app.get('/assets/altcha.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(widget));
  app.get('/assets/altcha-lib.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(solver));
}

/** Only the question's own fields go on; the spam fields are the origin's. */
function pick(values: Form) {
  const { body, about, department, askerName, askerContact, kind } = values;
  const blankToNull = (v: unknown) => (v === '' ? null : v);
  return { body, about: blankToNull(about), department: blankToNull(department), askerName: blankToNull(askerName), askerContact: blankToNull(askerContact), kind: blankToNull(kind) };
}

function receiptHtml(site: string, receipt: QuestionReceipt): string {
  return webTemplates.askReceipt({ site, receipt: receipt.receipt, duplicate: receipt.duplicate, suggestion: receipt.kind === 'suggestion', receivedAt: chinaTime(receipt.receivedAt), dueAt: receipt.dueAt ? chinaTime(receipt.dueAt) : null });
}
