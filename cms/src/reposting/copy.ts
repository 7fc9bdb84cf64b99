import { errors } from '@strapi/utils';
import { departmentOfUser } from '../workflow/actor';
import type { CountyRef } from '../workflow/county';

type County = CountyRef & { code: string };
import { asRepost, INTERPRETATION } from './marking';

/**
 * 一键转载: the original (as published) becomes a publication of the county's own — filed under its
 * office (or the department the office picks), on all its sites and on the original's channels,
 * with the source credited at the top of the body — created at 办公室签发 and published at once.
 * Policy items, terminals, screening regions, interpreters and brand column stay the original's:
 * they belong to the county that wrote it.
 */
const DEPARTMENT = 'api::department.department';
const ORIGINAL_POPULATE = {
  department: { fields: ['name'] }, repostCounties: { fields: ['code', 'name'] }, channels: { fields: ['code'] }, tags: { fields: ['code'] },
  cover: true, images: true, keyPoints: true, qa: true, overrides: true, basis: { populate: { policy: { fields: ['title'] } } },
} as const;

/** A component's entries without Strapi's row ids (the copy gets its own rows). */
const withoutIds = (entries: any[] | null | undefined) => (entries ?? []).map(({ id: _id, ...rest }) => rest);

export const publishedOriginal = (strapi: any, documentId: string) =>
  strapi.documents(INTERPRETATION).findOne({ documentId, status: 'published', populate: ORIGINAL_POPULATE });

/** The county's copy of an original (its draft, with whether a published version exists), or null. */
export async function copyIn(strapi: any, originalId: string, county: Pick<CountyRef, 'id'>) {
  const filters = { repostOf: { documentId: originalId }, department: { county: { id: county.id } } };
  const draft = await strapi.documents(INTERPRETATION).findFirst({ status: 'draft', filters, fields: ['title', 'slug'] });
  if (!draft) return null;
  const published = await strapi.documents(INTERPRETATION).findOne({ documentId: draft.documentId, status: 'published', fields: ['publishedAt'] });
  return { documentId: draft.documentId as string, slug: draft.slug as string, publishedAt: (published?.publishedAt as string | undefined) ?? null };
}

/** The department the repost is filed under: the one picked (of this county), else the user's own, else the county's 政府办公室. */
async function departmentFor(strapi: any, county: County, userId: number, picked?: string) {
  if (picked) {
    const department = await strapi.db.query(DEPARTMENT).findOne({ where: { documentId: picked, county: { id: county.id } } });
    if (!department) throw new errors.PolicyError(`所选部门不属于${county.name}：请选择本区县的部门`);
    return department;
  }
  const own = await departmentOfUser(strapi, userId);
  const mine = own && (await strapi.db.query(DEPARTMENT).findOne({ where: { id: own.id, county: { id: county.id } } }));
  if (mine) return mine;
  const offices = await strapi.db.query(DEPARTMENT).findMany({ where: { county: { id: county.id }, name: { $contains: '政府办公' } }, orderBy: { id: 'asc' } });
  if (offices[0]) return offices[0];
  throw new errors.PolicyError(`${county.name}还没有登记政府办公室（部门名称含“政府办公”）：请先在“部门”中登记，或转载时选择一个部门`);
}

/** Creates and publishes the county's copy; an existing copy is published if it is not yet. */
export async function repostInto(strapi: any, original: any, county: County, userId: number, picked?: string) {
  const existing = await copyIn(strapi, original.documentId, county);
  if (existing?.publishedAt) return { ...existing, created: false };
  let documentId = existing?.documentId;
  if (!documentId) {
    const department = await departmentFor(strapi, county, userId, picked);
    const sites = await strapi.db.query('api::site.site').findMany({ where: { county: { id: county.id } }, select: ['documentId'] });
    const source = original.department?.name ?? '上级政府办公室';
    const credit = `来源：${source}　转载自《${original.title}》`;
    const created: any = await asRepost(() => strapi.documents(INTERPRETATION).create({
      data: {
        title: original.title, slug: `${county.code}-zz-${original.slug}`.slice(0, 120), digest: original.digest,
        body: `${credit}\n\n${original.body ?? ''}`, keyPoints: withoutIds(original.keyPoints), qa: withoutIds(original.qa),
        basis: withoutIds(original.basis).map((b: any) => ({ clauses: b.clauses, policy: b.policy?.documentId ?? null })),
        overrides: withoutIds(original.overrides), format: original.format, cover: original.cover?.id ?? null,
        images: (original.images ?? []).map((i: any) => i.id), channels: (original.channels ?? []).map((c: any) => c.documentId),
        tags: (original.tags ?? []).map((t: any) => t.documentId), sites: sites.map((s: any) => s.documentId),
        department: department.documentId, stage: 'office_signoff', repostOf: original.documentId,
      },
    }));
    documentId = created.documentId as string;
  }
  await asRepost(() => strapi.documents(INTERPRETATION).publish({ documentId }));
  return { ...(await copyIn(strapi, original.documentId, county))!, created: !existing };
}
