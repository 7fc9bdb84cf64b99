import type { Core } from '@strapi/strapi';
import { demoStaff, ensureDemoStaff, ensureSuperAdmin, type AdminLogin } from './bootstrap/admin-users';
import { applyAdminLabels } from './bootstrap/admin-labels';
import { applyChineseAdmin } from './bootstrap/admin-chinese';
import { ensurePublisherToken, ensurePublisherWebhook } from './bootstrap/integration';
import { ensureRoles, registerDepartmentCondition } from './bootstrap/roles';
import { ensureReconcileIndexes } from './bootstrap/reconcile-indexes';
import { ensureChannels } from './seed/channels';
import { nameOverrideChannels, registerOverrideChannelNames } from './bootstrap/override-channel-names';
import { loadGeneratedContent } from './seed/load-generated';
import { loadDemoContent, readDemoContent } from './seed/load-demo';
import { registerPublicationStatusRoute } from './publication/status-route';
import { registerPublishedByRoute } from './publication/published-by-route';
import { registerNormsRoutes } from './norms/routes';
import { registerRepostGuard } from './reposting/marking';
import { registerRepostRoutes } from './reposting/routes';
import { readSettings } from './settings';
import { registerDocumentGuard } from './workflow/guard';
import { registerCountyCondition } from './workflow/county';
import { registerCountyGuard, registerRefusalMessage } from './workflow/county-guard';
import { registerStageRoute } from './workflow/stage-route';
import { registerAnswerGuard } from './questions/answer-guard';
import { registerQuestionDeskRoutes } from './questions/desk-routes';
import { registerInterviewLiveRoutes } from './interviews/live-route';
import { registerQuestionIntakeRoutes } from './questions/intake-route';
import { registerAskerCondition } from './questions/supervision';
import { registerCountyInspectionRoutes } from './inspection/county-routes';
import { registerFundUploadRoutes } from './funds/upload-routes';
import { registerSurveyResultRoutes } from './surveys/results-route';
import { registerEventOrganizerRoutes } from './events/organizer-routes';
import { linkLegacySurveyEvents } from './surveys/legacy-event-links';

const DEMO_MARKER = { type: 'plugin', name: 'tongyuan', key: 'demo-content-loaded' } as const;

export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    // 审核阶段 is an enumeration drawn by the admin's own control (src/admin/stage-input.tsx).
    strapi.customFields.register({ name: 'stage', type: 'enumeration' });
    // 渠道定制's channel: an enumeration whose control also writes the channel's Chinese name (the entry's title).
    strapi.customFields.register({ name: 'override-channel', type: 'enumeration' });
    registerOverrideChannelNames(strapi);
    registerDocumentGuard(strapi);
    registerCountyGuard(strapi);
    registerRepostGuard(strapi);
    registerRefusalMessage(strapi);
    registerStageRoute(strapi);
    registerPublicationStatusRoute(strapi);
    registerPublishedByRoute(strapi);
    registerNormsRoutes(strapi);
    registerRepostRoutes(strapi);
    registerAnswerGuard(strapi);
    registerQuestionIntakeRoutes(strapi);
    registerQuestionDeskRoutes(strapi);
    registerInterviewLiveRoutes(strapi);
    registerCountyInspectionRoutes(strapi);
    registerFundUploadRoutes(strapi);
    registerSurveyResultRoutes(strapi);
    registerEventOrganizerRoutes(strapi);
  },

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    const settings = readSettings();
    await ensureReconcileIndexes(strapi);
    await linkLegacySurveyEvents(strapi);
    await registerDepartmentCondition(strapi);
    await registerCountyCondition(strapi);
    await registerAskerCondition(strapi);
    const roleIds = await ensureRoles(strapi);
    await ensureChannels(strapi);
    await nameOverrideChannels(strapi);
    await applyAdminLabels(strapi);
    await applyChineseAdmin(strapi);
    const logins: AdminLogin[] = [await ensureSuperAdmin(strapi, settings.ADMIN_EMAIL, settings.ADMIN_PASSWORD)];

    if (settings.DEMO_CONTENT || process.env.TONGYUAN_FORCE_SEED === '1') {
      const store = strapi.store(DEMO_MARKER);
      if (process.env.TONGYUAN_FORCE_SEED === '1' || !(await store.get({}))) {
        const started = Date.now();
        const summary = await loadDemoContent(strapi, readDemoContent());
        await store.set({ value: { at: new Date().toISOString(), ...summary } });
        strapi.log.info(
          `[tongyuan] 已载入示例内容：政策文件 ${summary.policies} 件，解读 ${summary.interpretations} 篇（已发布 ${summary.published} 篇），开放活动 ${summary.events} 场，用时 ${Date.now() - started} ms`,
        );
      }
      await loadGeneratedContent(strapi, {
        interpretations: settings.GENERATED_INTERPRETATIONS, policyItems: settings.GENERATED_POLICY_ITEMS, counties: settings.GENERATED_COUNTIES,
      });
      logins.push(...(await ensureDemoStaff(strapi, roleIds, settings.DEMO_PASSWORD, demoStaff(readDemoContent()))));
    }

    await ensurePublisherToken(strapi, settings.STRAPI_TOKEN);
    await ensurePublisherWebhook(strapi, settings.PUBLISHER_HOOK_URL, settings.HOOK_SECRET);
    printLogins(strapi, logins);
  },
};

function printLogins(strapi: Core.Strapi, logins: AdminLogin[]) {
  // A password set through the environment is the operator's; only dev defaults are printed.
  const shown = (l: AdminLogin, index: number) =>
    (index === 0 && process.env.ADMIN_PASSWORD) || (index > 0 && process.env.DEMO_PASSWORD) ? '（见环境变量）' : l.password;
  const lines = logins.map(
    (l, i) => `  ${l.role.padEnd(6, '　')} ${l.email}  密码 ${shown(l, i)}${l.note ? `  （${l.note}）` : ''}`,
  );
  strapi.log.info(`[tongyuan] 后台登录账号：\n${lines.join('\n')}`);
}
