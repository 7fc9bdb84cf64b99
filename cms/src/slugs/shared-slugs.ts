import { errors } from '@strapi/utils';

/**
 * One address space for interpretations and 开放活动: the publisher finds a page
 * (/sites/<site>/…) by its slug (网址名) among both kinds, so a slug one kind uses is refused
 * for the other. Strapi keeps a slug unique within its own type; this keeps it unique across
 * the two. Called by the document guard after a write, inside its transaction: a refused
 * save leaves nothing behind.
 */
const SLUG_KINDS: Record<string, string> = {
  'api::interpretation.interpretation': '解读',
  'api::open-event.open-event': '开放活动',
};

export const sharesSlugs = (uid: string) => uid in SLUG_KINDS;

/** Refuses `slug` for a document of `uid` when a draft or published document of the other kind has it. */
export async function checkSlugNotTaken(strapi: any, uid: string, slug: unknown): Promise<void> {
  if (typeof slug !== 'string' || !slug) return;
  for (const [other, kind] of Object.entries(SLUG_KINDS)) {
    if (other === uid) continue;
    const holder = await strapi.db.query(other).findOne({ where: { slug }, select: ['title'], orderBy: { id: 'desc' } });
    if (holder) {
      throw new errors.ValidationError(
        `网址名 ${slug} 已被${kind}《${holder.title}》使用（两者的网页地址会相同），请换一个网址名`,
        { field: 'slug', slug, takenBy: other },
      );
    }
  }
}

/** Slugs starting with `prefix` that a document (draft or published) of the other kind holds: the admin's suggestion steps past them. */
export async function slugsOfOtherKinds(strapi: any, uid: string, prefix: string): Promise<Set<string>> {
  const taken = new Set<string>();
  for (const other of Object.keys(SLUG_KINDS)) {
    if (other === uid) continue;
    const rows: Array<{ slug: string | null }> = await strapi.db.query(other).findMany({ where: { slug: { $startsWith: prefix } }, select: ['slug'] });
    for (const row of rows) if (row.slug) taken.add(row.slug);
  }
  return taken;
}
