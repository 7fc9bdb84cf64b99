/**
 * The list view's filter names each field by its list label; Strapi keeps 文档编号's label as
 * its code (documentId), whatever the configuration says. This list-view filter hook names
 * Strapi's own fields in Chinese where the label is still the field's code.
 */
const LABELS: Record<string, string> = {
  id: '编号', documentId: '文档编号', createdAt: '创建时间', updatedAt: '更新时间', publishedAt: '发布时间', createdBy: '创建人', updatedBy: '更新人',
};

interface Filter { name: string; label?: unknown }

export function bookkeepingFiltersInChinese({ displayedFilters, layout }: { displayedFilters: Filter[]; layout: unknown }) {
  return {
    layout,
    displayedFilters: displayedFilters.map((filter) =>
      filter.name in LABELS && (!filter.label || filter.label === filter.name) ? { ...filter, label: LABELS[filter.name] } : filter,
    ),
  };
}
