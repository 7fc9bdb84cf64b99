import { CHANNEL_ROLES, renderSitePage, type SiteInfo } from '@tongyuan/channels';
import { chinaLongDateTime as chinaTime } from '@tongyuan/document';
import { webTemplates } from '@tongyuan/templates';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { asPublisherError, PublisherError } from '../../errors';
import { CountyDirectory } from '../../inspection/county-directory';
import { QUESTION_MAX_CHARS } from '../../questions/question-input';
import { receiveQuestion, type ReceiveQuestionDeps } from '../../questions/receive-question';
import type { CmsDeskClient } from '../../ingest/desk-client';

/**
 * 我要监督 on the 民生资金公开 pages (every county, township and village page links here):
 *   GET  /sites/<site>/funds/report[?township=&village=&fund=]   the form, the place and fund filled in
 *   POST /sites/<site>/funds/report                              → receipt page with the due time, or the form again with the error
 * A report is a question of the kind 'supervision' (receiveQuestion: the same checks, proof of work,
 * honeypot and allowance as 我要咨询); the CMS routes it to the county's 监督受理部门. Nothing the
 * reporter types is ever shown on a public page: the pages here answer the reporter alone (no-store).
 */
export type FundReportRouteDeps = ReceiveQuestionDeps & { cmsDesk: Pick<CmsDeskClient, 'countyPlaces'> };
type Form = Record<string, unknown>;

const HTML = 'text/html; charset=utf-8';
const SITE = /^[a-z0-9][a-z0-9-]*$/;
const PLACE_MAX = 100;
const text = (value: unknown, max: number) => (typeof value === 'string' ? value.slice(0, max) : '');

export function registerFundReportRoutes(app: FastifyInstance, deps: FundReportRouteDeps) {
  const counties = new CountyDirectory(deps);
  type Where = { site: SiteInfo; countyName: string; base: string };
  const where = async (siteCode: string): Promise<Where> => {
    const site = SITE.test(siteCode) ? await deps.queries.siteOn('web', siteCode) : null;
    if (!site) throw new PublisherError('NOT_FOUND', '没有这个站点');
    const places = await counties.places().catch(() => null);
    if (!places) throw new PublisherError('STRAPI_UNREACHABLE', '暂时读不到区县信息：请稍后再试，或拨打 12388 反映');
    const county = places.sites.get(site.code);
    if (!county) throw new PublisherError('NOT_FOUND', `站点“${site.name}”没有归属区县，不受理民生资金监督`);
    return { site, countyName: places.counties.find((c) => c.code === county)?.name ?? county, base: `/sites/${site.code}/funds` };
  };
  const page = (reply: FastifyReply, at: Where, title: string, content: string) =>
    reply.type(HTML).send(renderSitePage(at.site, { title, content }));

  const form = (reply: FastifyReply, at: Where, values: Form, error?: PublisherError) => {
    if (error?.code === 'QUESTION_FLOOD') reply.header('retry-after', String(error.details?.retryAfterSeconds ?? 3600));
    reply.code(error ? error.status : 200);
    // What was typed comes back with the error (Handlebars escapes it), so nothing is lost.
    return page(reply, at, '我要监督', webTemplates.fundsReport({
      countyName: at.countyName, base: at.base, maxChars: QUESTION_MAX_CHARS, error: error?.publicMessage,
      township: text(values.township, PLACE_MAX), village: text(values.village, PLACE_MAX), fund: text(values.fund, PLACE_MAX),
      body: text(values.body, QUESTION_MAX_CHARS * 2), askerName: text(values.askerName, 100), askerContact: text(values.askerContact, 200),
      anonymous: values.anonymous === '1', named: values.anonymous === '0',
    }));
  };

  type SiteParams = { Params: { site: string } };
  app.get<SiteParams & { Querystring: Form }>('/sites/:site/funds/report', async (request, reply) => {
    const at = await where(request.params.site);
    const { township, village, fund } = request.query;
    return form(reply, at, { township, village, fund });
  });

  // 512 KB: 50,000 Chinese characters pasted in (9 bytes each, form-encoded) get the form's length message, not a bare 413.
  app.post<SiteParams & { Body: Form }>('/sites/:site/funds/report', { bodyLimit: 512 * 1024 }, async (request, reply) => {
    const at = await where(request.params.site);
    const values: Form = request.body && typeof request.body === 'object' ? request.body : {};
    try {
      const input = reportInput(values);
      const receipt = await receiveQuestion(deps, { ...input, site: at.site.code }, {
        source: CHANNEL_ROLES.portal, sender: { kind: 'address', address: request.ip }, proofOfWork: values.altcha, honeypot: values.website,
      });
      reply.code(receipt.duplicate ? 200 : 201);
      return page(reply, at, '监督反映已受理', webTemplates.fundsReportReceipt({
        countyName: at.countyName, base: at.base, receipt: receipt.receipt, duplicate: receipt.duplicate, subject: input.subject, anonymous: input.anonymous,
        receivedAt: chinaTime(receipt.receivedAt), dueAt: receipt.dueAt ? chinaTime(receipt.dueAt) : null,
      }));
    } catch (error) {
      const known = asPublisherError(error);
      if (known.status >= 500) throw error;
      return form(reply, at, values, known);
    }
  });
}

/** The form's fields as a report: the place and fund as one line (乡镇 村 · 资金项目); 匿名 must be chosen one way or the other. */
function reportInput(values: Form) {
  if (values.anonymous !== '1' && values.anonymous !== '0') {
    throw new PublisherError('QUESTION_INVALID', '请选择“匿名反映”或“实名反映”', { details: { field: 'anonymous' } });
  }
  const place = [text(values.township, PLACE_MAX), text(values.village, PLACE_MAX)].map((v) => v.trim()).filter(Boolean).join(' ');
  const fund = text(values.fund, PLACE_MAX).trim();
  const subject = [place, fund].filter(Boolean).join(' · ') || null;
  const blankToNull = (v: unknown) => (v === '' ? null : v);
  return {
    kind: 'supervision' as const, body: values.body, subject, anonymous: values.anonymous === '1',
    askerName: blankToNull(values.askerName), askerContact: blankToNull(values.askerContact),
  };
}
