import { randomBytes } from 'node:crypto';
import contentDisposition from 'content-disposition';
import { renderSitePage, type SiteInfo } from '@tongyuan/channels';
import { chinaDateTime } from '@tongyuan/document';
import { webTemplates } from '@tongyuan/templates';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { asPublisherError, PublisherError } from '../../errors';
import type { StrapiClient } from '../../ingest/strapi-client';
import type { Db } from '../../store/db';
import { RegistrationStore } from '../../store/registrations';
import { SurveyResponseStore } from '../../store/survey-responses';
import { receiveSurveyResponse, respondentKeyOf, TICKET, type SurveyResponseDeps } from '../../surveys/receive-response';
import { SURVEY_TEXT_MAX_CHARS, type SurveyForm } from '../../surveys/survey-answers';
import { surveyResultsHtml, surveyWorkbook, tallySurvey } from '../../surveys/survey-results';
import { SurveyCatalog, surveyState, type Survey } from '../../surveys/survey-source';
import type { PublicationQueries } from '../../store/queries';

/**
 * 问卷调查 on the portal, and its results for the organizer:
 *   GET  /sites/<site>/surveys/<documentId>   the form (plain HTML: radios, checkboxes, a textarea; works at 390 px)
 *   POST /sites/<site>/surveys/<documentId>   a response → its receipt, or the form again with the message and the answers kept
 *   GET  /hooks/surveys/<documentId>/results[?format=html|json|xlsx]   the organizer's results (the CMS asks, having checked the department)
 */
const HTML = 'text/html; charset=utf-8';
const SITE = /^[a-z0-9][a-z0-9-]*$/;
const COOKIE = (id: string) => `ty_survey_${id}`;

export type SurveyRouteDeps = Omit<SurveyResponseDeps, 'surveyResponses' | 'registrations'> & { db: Db; strapi: Pick<StrapiClient, 'get'>; queries: PublicationQueries };

/** What the survey pieces share in one process: the CMS's surveys (cached briefly), the responses, the registration check. */
export function surveyParts(services: SurveyRouteDeps) {
  const registrations = new RegistrationStore(services.db);
  return {
    catalog: new SurveyCatalog(services.strapi, services.clock),
    deps: {
      ...services, surveyResponses: new SurveyResponseStore(services.db),
      // One response per registration: a confirmed (or attended) registration of this very event.
      registrations: async (eventId: string, code: string) => {
        const row = await registrations.byReceipt(code);
        return row !== undefined && row.event_id === eventId && row.status === 'confirmed';
      },
    } satisfies SurveyResponseDeps,
  };
}

const arrayOf = (v: unknown) => (Array.isArray(v) ? v.map(String) : v === undefined || v === null ? [] : [String(v)]);

function formView(survey: Survey, site: string, values: SurveyForm, extra: Record<string, unknown>) {
  return webTemplates.survey({
    ...extra, site, documentId: survey.documentId, title: survey.title, intro: survey.intro, department: survey.department?.name ?? '—',
    closesAt: survey.closesAt ? chinaDateTime(new Date(survey.closesAt)) : null, eventSurvey: Boolean(survey.eventId), maxChars: SURVEY_TEXT_MAX_CHARS,
    registration: typeof values.registration === 'string' ? values.registration.slice(0, 40) : '',
    questions: survey.questions.map((q, i) => {
      const given = arrayOf(values[`q${i}`]);
      const options = q.kind === 'rating' ? ['1', '2', '3', '4', '5'] : q.options;
      return {
        number: i + 1, prompt: q.prompt, required: q.required, field: `q${i}`,
        single: q.kind === 'single_choice', multiple: q.kind === 'multiple_choice', rating: q.kind === 'rating', text: q.kind === 'free_text',
        options: options.map((value) => ({ value, checked: given.includes(value) })), value: (given[0] ?? '').slice(0, SURVEY_TEXT_MAX_CHARS * 2),
      };
    }),
  });
}

export function registerSurveyRoutes(app: FastifyInstance, services: SurveyRouteDeps) {
  const { catalog, deps } = surveyParts(services);
  const load = async (siteCode: string, id: string): Promise<{ site: SiteInfo; survey: Survey } | null> => {
    const site = SITE.test(siteCode) ? await services.queries.siteOn('web', siteCode) : null;
    const survey = site ? await catalog.get(id) : null;
    return site && survey && survey.site?.code === site.code ? { site, survey } : null;
  };
  const page = (reply: FastifyReply, site: SiteInfo, title: string, content: string, status = 200) =>
    reply.code(status).type(HTML).send(renderSitePage(site, { title, content }));

  app.get<{ Params: { site: string; id: string } }>('/sites/:site/surveys/:id', async (request, reply) => {
    const found = await load(request.params.site, request.params.id);
    if (!found) return reply.code(404).send({ error: 'NOT_FOUND', message: '没有这份问卷（可能已撤下）' });
    const { site, survey } = found;
    const state = surveyState(survey, services.clock());
    const closed = state === 'closed' ? '问卷已截止，不再接受填写，感谢关注。' : state === 'not_yet' ? `问卷将于 ${chinaDateTime(new Date(survey.opensAt!))} 开始填写。` : null;
    let ticket = request.cookies[COOKIE(survey.documentId)];
    let answered: string | undefined;
    if (ticket && TICKET.test(ticket) && !survey.eventId) {
      // The same browser again: its earlier receipt, not a second form.
      answered = (await deps.surveyResponses.answered(survey.documentId, respondentOfTicket(services, survey, ticket)))?.receipt;
    } else ticket = randomBytes(18).toString('base64url');
    if (!survey.eventId) reply.setCookie(COOKIE(survey.documentId), ticket, { path: `/sites/${site.code}/surveys/`, maxAge: 31_536_000, httpOnly: true, sameSite: 'lax' });
    return page(reply, site, survey.title, formView(survey, site.code, {}, { ticket, closed, answered }), closed ? 410 : 200);
  });

  app.post<{ Params: { site: string; id: string }; Body: SurveyForm }>('/sites/:site/surveys/:id', { bodyLimit: 512 * 1024 }, async (request, reply) => {
    const found = await load(request.params.site, request.params.id);
    if (!found) return reply.code(404).send({ error: 'NOT_FOUND', message: '没有这份问卷（可能已撤下）' });
    const { site, survey } = found;
    const values: SurveyForm = request.body && typeof request.body === 'object' ? request.body : {};
    const ticket = request.cookies[COOKIE(survey.documentId)] ?? (typeof values.ticket === 'string' ? values.ticket : undefined);
    try {
      const receipt = await receiveSurveyResponse(deps, survey, values, {
        sender: { kind: 'address', address: request.ip }, proofOfWork: values.altcha, honeypot: values.website, ticket,
        registrationCode: typeof values.registration === 'string' ? values.registration : undefined,
      });
      const content = webTemplates.surveyReceipt({
        site: site.code, receipt: receipt.receipt, duplicate: receipt.duplicate, receivedAt: chinaDateTime(new Date(receipt.receivedAt)),
        suggestions: receipt.suggestions, department: survey.department?.name ?? '承办部门',
      });
      return page(reply, site, '问卷已提交', content, receipt.duplicate ? 200 : 201);
    } catch (error) {
      const known = asPublisherError(error);
      if (known.status >= 500) throw error;
      if (known.code === 'QUESTION_FLOOD') reply.header('retry-after', String(known.details?.retryAfterSeconds ?? 3600));
      return page(reply, site, survey.title, formView(survey, site.code, values, { ticket: ticket ?? '', error: known.publicMessage }), known.status);
    }
  });
}

const respondentOfTicket = (services: SurveyRouteDeps, survey: Survey, ticket: string) => respondentKeyOf(services.config.HOOK_SECRET, survey.documentId, `ticket:${ticket}`);

/** The organizer's results; the CMS's route (/tongyuan/surveys/:id/results) decides who may ask. */
export function registerSurveyResultHooks(app: FastifyInstance, services: SurveyRouteDeps) {
  const { catalog, deps } = surveyParts(services);
  app.get<{ Params: { id: string }; Querystring: { format?: string } }>('/hooks/surveys/:id/results', async (request, reply) => {
    const format = request.query.format ?? 'html';
    if (!['html', 'json', 'xlsx'].includes(format)) throw new PublisherError('BAD_REQUEST', 'format 应为 html、json 或 xlsx');
    const survey = await catalog.get(request.params.id);
    if (!survey) throw new PublisherError('NOT_FOUND', '没有这份问卷（未发布或已撤下）');
    const rows = await deps.surveyResponses.ofSurvey(survey.documentId);
    if (format === 'json') return reply.send(tallySurvey(survey, rows));
    if (format === 'html') return reply.type(HTML).send(surveyResultsHtml(tallySurvey(survey, rows), services.clock()));
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', contentDisposition(`${survey.title}（问卷结果）.xlsx`)).send(await surveyWorkbook(survey, rows));
  });
}
