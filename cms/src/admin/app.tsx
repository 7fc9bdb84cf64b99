import type { ComponentType } from 'react';
import type { StrapiApp } from '@strapi/strapi/admin';
import { Duplicate, FileXls, ListSearch } from '@strapi/icons';
import { DateTimeInput } from './datetime-input';
import { PublicationPanel } from './publication-panel';
import { QuestionPanel } from './question-panel';
import { SurveyPanel } from './survey-panel';
import { DoorPanel } from './door-panel';
import { CommentBookPanel } from './comment-book-panel';
import { InterviewLivePanel } from './interview-live-panel';
import { NormsSpreadsheetActions } from './norms-spreadsheet';
import { enumColumnsInChinese } from './enum-cells';
import { bookkeepingFiltersInChinese } from './filter-labels';
import { dismissMediaLibraryBanner, preferChinese } from './first-visit';
import { ENUM_LABELS } from './translations/enums';
import { zhHans } from './translations/zh-Hans';

export default {
  config: {
    // Chinese is the default interface language (first-visit.ts); English stays selectable in the profile.
    locales: ['zh-Hans'],
    translations: { 'zh-Hans': zhHans, en: ENUM_LABELS },
    // No "new Strapi version" notices: not for authors.
    notifications: { releases: false },
  },
  register(app: StrapiApp) {
    // Dates with times, with Chinese clear buttons (Strapi's picker appends " date" and " time" in English).
    app.addFields({ type: 'datetime', Component: DateTimeInput as ComponentType });
    // 审核阶段 offers only the stages this user may move the draft to now (stage-input.tsx).
    app.customFields.register({
      name: 'stage', type: 'enumeration',
      intlLabel: { id: 'tongyuan.stage.label', defaultMessage: '审核阶段' },
      intlDescription: { id: 'tongyuan.stage.description', defaultMessage: '只列出你现在可以移到的阶段' },
      components: { Input: async () => ({ default: (await import('./stage-input')).StageInput as ComponentType }) },
    });
    // 渠道定制's channel: picked by its Chinese name, which also titles the entry (override-channel-input.tsx).
    app.customFields.register({
      name: 'override-channel', type: 'enumeration',
      intlLabel: { id: 'tongyuan.override-channel.label', defaultMessage: '渠道' },
      intlDescription: { id: 'tongyuan.override-channel.description', defaultMessage: '这条定制用于哪个渠道' },
      components: { Input: async () => ({ default: (await import('./override-channel-input')).OverrideChannelInput as ComponentType }) },
    });
    // 巡检与年度报告: the user's county's findings and report; the server decides the county (county-inspection.tsx).
    app.addMenuLink({
      to: 'tongyuan-inspection', icon: ListSearch, permissions: [],
      intlLabel: { id: 'tongyuan.inspection.menu', defaultMessage: '巡检与年度报告' },
      Component: () => import('./county-inspection'),
    });
    // 民生资金: a county's sheets uploaded and its payment batches signed off by a second person (funds-page.tsx).
    app.addMenuLink({
      to: 'tongyuan-funds', icon: FileXls, permissions: [],
      intlLabel: { id: 'tongyuan.funds.menu', defaultMessage: '民生资金' },
      Component: () => import('./funds-page'),
    });
    // 重要信息转载: what the city office marked for the user's county, reposted with one click (repost-page.tsx).
    app.addMenuLink({
      to: 'tongyuan-repost', icon: Duplicate, permissions: [],
      intlLabel: { id: 'tongyuan.repost.menu', defaultMessage: '重要信息转载' },
      Component: () => import('./repost-page'),
    });
  },
  bootstrap(app: StrapiApp) {
    preferChinese();
    dismissMediaLibraryBanner();
    // Enumeration columns in list views show their Chinese label, not the stored code.
    app.registerHook('Admin/CM/pages/ListView/inject-column-in-table', enumColumnsInChinese);
    app.registerHook('Admin/CM/pages/ListView/inject-in-filters', bookkeepingFiltersInChinese);
    // 发布状态: the publisher's per-channel progress, next to the fields authors edit; 咨询办理 on questions; 文字直播 on interviews.
    (app.getPlugin('content-manager').apis as { addEditViewSidePanel(panels: unknown[]): void }).addEditViewSidePanel([PublicationPanel, QuestionPanel, SurveyPanel, InterviewLivePanel, DoorPanel, CommentBookPanel]);
    // 导出 Excel / 从 Excel 导入 above the 表述规范 list (the component shows only there).
    app.getPlugin('content-manager').injectComponent('listView', 'actions', { name: 'tongyuan-norms-spreadsheet', Component: NormsSpreadsheetActions });
  },
};
