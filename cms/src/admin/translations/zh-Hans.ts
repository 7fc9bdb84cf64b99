import { admin } from './admin';
import { contentManager } from './content-manager';
import { ENUM_LABELS } from './enums';
import { i18n } from './i18n';
import { upload } from './upload';
import { viewSettings } from './view-settings';

/**
 * The project's zh-Hans messages, laid over Strapi's own (config.translations in app.tsx): the
 * frame around the project's labels — home page, content manager, media library — in Chinese, and
 * the enumeration labels. Strapi's message ids are kept as they are; the visible-English test
 * (test/publisher/full-preview.test.ts) walks the admin as each role and names what is left.
 */
export const zhHans: Record<string, string> = {
  ...admin,
  ...contentManager,
  ...viewSettings,
  ...upload,
  ...i18n,
  ...ENUM_LABELS,
  'tongyuan.funds.menu': '民生资金',
};
