import type { Core } from '@strapi/strapi';
import { currentActor } from './actor';
import { authorsOf } from './guard';
import { allowedStages, isBackward, isStage, STAGE_LABELS, STAGES } from './stages';

/**
 * The stage control's options, filtered on the server: the admin's 审核阶段 field (a custom field,
 * src/admin/stage-input.tsx) offers only the stages this user may move this draft to now.
 *   GET /tongyuan/stage-moves/:documentId   (admin API, a logged-in admin user; `new` for a new draft)
 *   → { stage, options: [{ value, label, backward }] }
 * The document guard checks every move again when it is saved.
 */
/** The types with review stages; a documentId names a draft of one of them. */
const STAGED = ['api::interpretation.interpretation', 'api::open-event.open-event'];
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function registerStageRoute(strapi: Core.Strapi) {
  strapi.server.routes({
    type: 'admin',
    routes: [{
      method: 'GET', path: '/tongyuan/stage-moves/:documentId',
      config: { policies: ['admin::isAuthenticatedAdmin'] }, info: { type: 'admin', pluginName: 'tongyuan' },
      handler: async (ctx: any) => {
        const { documentId } = ctx.params;
        const actor = currentActor(strapi);
        const mover = { roles: actor.roles, isSuperAdmin: actor.isSuperAdmin };
        const option = (from: string) => (value: (typeof STAGES)[number]) => ({
          value, label: STAGE_LABELS[value], backward: isStage(from) && isBackward(from, value),
        });
        if (documentId === 'new') {
          ctx.body = { stage: 'draft', options: (actor.isSuperAdmin ? [...STAGES] : ['draft' as const]).map(option('draft')) };
          return;
        }
        if (!ID.test(String(documentId))) {
          ctx.status = 400;
          ctx.body = { error: 'BAD_INPUT', message: 'documentId 格式不正确' };
          return;
        }
        // Read as the user may read (their county's drafts only), not as the system.
        let draft: any = null;
        let model = STAGED[0];
        for (const uid of STAGED) {
          const checker = strapi.plugin('content-manager').service('permission-checker').create({ userAbility: ctx.state.userAbility, model: uid });
          const query = checker.cannot.read() ? null : await checker.sanitizedQuery.read({ filters: { documentId } });
          draft = query && (await strapi.documents(uid as any).findFirst({ ...query, status: 'draft' }));
          model = uid;
          if (draft) break;
        }
        if (!draft || !isStage(draft.stage)) {
          ctx.status = 404;
          ctx.body = { error: 'NOT_FOUND', message: '没有这篇稿件，或它不属于你的区县' };
          return;
        }
        const isAuthor = actor.id !== undefined && (await authorsOf(strapi, documentId, model)).has(actor.id);
        ctx.body = { stage: draft.stage, options: allowedStages(draft.stage, { ...mover, isAuthor }).map(option(draft.stage)) };
      },
    }],
  });
}
