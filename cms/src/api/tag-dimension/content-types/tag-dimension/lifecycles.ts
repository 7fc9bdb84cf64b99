import { relabelDimension } from '../../../../tags/tag-labels';

/** A renamed dimension renames the 显示名称 of its tags (see tags/tag-labels.ts). */
export default {
  async afterUpdate(event: any) {
    if (event.result?.id) await relabelDimension(strapi, event.result.id);
  },
};
