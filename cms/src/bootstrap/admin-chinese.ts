import { showTagDimensions } from '../tags/tag-pickers';
import { labelBookkeepingFields } from './bookkeeping-labels';

/**
 * The content manager's configuration for a Chinese admin, beyond the project's field labels
 * (admin-labels.ts, applied first): Strapi's own fields named in Chinese, and tags shown with
 * their dimension in every picker. The admin's translations are in src/admin/translations/.
 */
export async function applyChineseAdmin(strapi: any): Promise<void> {
  await labelBookkeepingFields(strapi);
  await showTagDimensions(strapi);
}
