import { relabelTags } from './tag-labels';

/** Where authors pick tags: these types' and components' `tags` relation fields. */
const PICKERS = {
  'content-types': ['api::interpretation.interpretation', 'api::policy-document.policy-document'],
  components: ['policy.item'],
} as const;

/**
 * Tags by dimension in the admin: fills in 显示名称 (行业 · 制造业) where it is missing or stale,
 * makes it the tag's main field (its list and the title of its edit view), and has every tag
 * picker show and search it. Runs at every start, after the admin labels (admin-labels.ts),
 * which name the tag's own fields.
 */
export async function showTagDimensions(strapi: any): Promise<void> {
  await relabelTags(strapi);
  const contentManager = strapi.plugin('content-manager');
  const types = contentManager.service('content-types');
  const tag = strapi.contentTypes['api::tag.tag'];
  const tagConfiguration = await types.findConfiguration(tag);
  const tagMetadatas = tagConfiguration.metadatas ?? {};
  if (tagMetadatas.label) {
    tagMetadatas.label.edit = { ...tagMetadatas.label.edit, label: '显示名称', description: '自动生成：维度 · 标签名称，选择标签时按它查找和排序', editable: false };
    tagMetadatas.label.list = { ...tagMetadatas.label.list, label: '显示名称' };
  }
  await types.updateConfiguration(tag, {
    settings: { ...tagConfiguration.settings, mainField: 'label', defaultSortBy: 'label', defaultSortOrder: 'ASC' },
    metadatas: tagMetadatas,
    layouts: { ...tagConfiguration.layouts, list: ['label', 'exclusionGroup', 'code'] },
  });
  for (const [kind, uids] of Object.entries(PICKERS)) {
    const service = contentManager.service(kind);
    for (const uid of uids) {
      const schema = kind === 'components' ? strapi.components[uid] : strapi.contentTypes[uid];
      const configuration = await service.findConfiguration(schema);
      const tags = configuration.metadatas?.tags;
      if (!tags) continue;
      tags.edit = { ...tags.edit, mainField: 'label' };
      tags.list = { ...tags.list, mainField: 'label' };
      await service.updateConfiguration(schema, { settings: configuration.settings, metadatas: configuration.metadatas, layouts: configuration.layouts });
    }
  }
}
