/**
 * A tag's 显示名称 (label) names its dimension: 行业 · 制造业, 企业规模 · 小型企业. It is the field
 * relation pickers show and search (the tag's main field), so the flat list of a few hundred tags
 * reads as groups by dimension: sorted by label, a dimension's tags come together, and typing
 * 行业 or 纳税人 narrows the picker to that dimension. Kept by the tag's and the dimension's
 * lifecycles (a renamed dimension relabels its tags) and filled in at start for older databases.
 */
const TAG = 'api::tag.tag';
const DIMENSION = 'api::tag-dimension.tag-dimension';
export const SEPARATOR = ' · ';

export function tagLabel(tag: { name?: string | null }, dimension?: { name?: string | null } | null): string {
  return dimension?.name ? `${dimension.name}${SEPARATOR}${tag.name ?? ''}` : (tag.name ?? '');
}

/** Writes the label of each given tag whose label is not what its name and dimension say. */
export async function relabelTags(strapi: any, where: object = {}): Promise<number> {
  const tags = await strapi.db.query(TAG).findMany({ where, select: ['id', 'name', 'label'], populate: { dimension: { select: ['name'] } } });
  let changed = 0;
  for (const tag of tags) {
    const label = tagLabel(tag, tag.dimension);
    if (tag.label === label) continue;
    // The query layer, not the document service: no lifecycle loop, no draft/publish (tags have none).
    await strapi.db.query(TAG).update({ where: { id: tag.id }, data: { label } });
    changed += 1;
  }
  return changed;
}

export async function relabelDimension(strapi: any, dimensionId: number): Promise<void> {
  await relabelTags(strapi, { dimension: { id: dimensionId } });
}

export { DIMENSION, TAG };
