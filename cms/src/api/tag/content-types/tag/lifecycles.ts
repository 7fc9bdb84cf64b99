import { relabelTags } from '../../../../tags/tag-labels';

/** 显示名称 follows the tag's name and dimension (see tags/tag-labels.ts). */
export default {
  async afterCreate(event: any) {
    await relabelTags(strapi, { id: event.result.id });
  },
  async afterUpdate(event: any) {
    if (event.result?.id) await relabelTags(strapi, { id: event.result.id });
  },
};
