import type { Core } from '@strapi/strapi';
import { refuse, relay } from '../inspection/county-routes';
import { whyNotOrganizer } from '../workflow/organizer';

/**
 * A survey's results for the logged-in admin user (问卷调查):
 *   GET /tongyuan/surveys/:documentId/results?format=html|xlsx|json
 * The organizing department's staff get their own department's surveys; the county office its
 * county's; the city office and the super admin every one. The CMS then asks the publisher's
 * /hooks/surveys/<id>/results with the shared secret, so the browser needs no ops credentials.
 */
const SURVEY = 'api::survey.survey';
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function registerSurveyResultRoutes(strapi: Core.Strapi) {
  strapi.server.routes({
    type: 'admin',
    routes: [{
      method: 'GET', path: '/tongyuan/surveys/:documentId/results', config: { policies: ['admin::isAuthenticatedAdmin'] }, info: { type: 'admin', pluginName: 'tongyuan' },
      handler: async (ctx: any) => {
        const format = String(ctx.query.format ?? 'html');
        if (!['html', 'xlsx', 'json'].includes(format)) return refuse(ctx, 400, 'BAD_INPUT', 'format 应为 html、xlsx 或 json');
        const id = String(ctx.params.documentId);
        if (!ID.test(id)) return refuse(ctx, 400, 'BAD_INPUT', 'documentId 格式不正确');
        const survey = await strapi.db.query(SURVEY).findOne({ where: { documentId: id }, populate: { department: { populate: ['county'] } } });
        if (!survey) return refuse(ctx, 404, 'NOT_FOUND', '没有这份问卷');
        const why = await whyNotOrganizer(strapi, survey.department, '问卷结果');
        if (why) return refuse(ctx, 403, 'NOT_ORGANIZER', why);
        await relay(ctx, `surveys/${encodeURIComponent(id)}/results`, { format }, 30_000);
      },
    }],
  });
}
