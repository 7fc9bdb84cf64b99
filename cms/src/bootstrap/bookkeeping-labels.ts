/**
 * Strapi's own fields on every type (创建时间, 更新时间 …) are labelled with their code
 * (UPDATEDAT in a list's header and filters) unless a view names them. This names them on every
 * project type and component, leaving a label a view already gave (admin-labels.ts runs first).
 */
const LABELS: Record<string, string> = {
  id: '编号', documentId: '文档编号', createdAt: '创建时间', updatedAt: '更新时间', publishedAt: '发布时间',
  createdBy: '创建人', updatedBy: '更新人', locale: '语言',
};

export async function labelBookkeepingFields(strapi: any): Promise<void> {
  const contentManager = strapi.plugin('content-manager');
  const kinds: Array<[service: string, schemas: Record<string, any>, prefix: RegExp]> = [
    ['content-types', strapi.contentTypes, /^api::/],
    ['components', strapi.components, /./],
  ];
  for (const [kind, schemas, prefix] of kinds) {
    const service = contentManager.service(kind);
    for (const [uid, schema] of Object.entries(schemas)) {
      if (!prefix.test(uid)) continue;
      const configuration = await service.findConfiguration(schema);
      const metadatas = configuration.metadatas ?? {};
      let changed = false;
      for (const [field, label] of Object.entries(LABELS)) {
        const metadata = metadatas[field];
        if (!metadata) continue;
        for (const view of ['edit', 'list'] as const) {
          if (metadata[view] && (!metadata[view].label || metadata[view].label === field)) {
            metadata[view] = { ...metadata[view], label };
            changed = true;
          }
        }
      }
      if (changed) await service.updateConfiguration(schema, { settings: configuration.settings, metadatas, layouts: configuration.layouts });
    }
  }
}
