import { AsyncLocalStorage } from 'node:async_hooks';
import { errors } from '@strapi/utils';
import { currentActor } from '../workflow/actor';

/**
 * 重要信息转载 on an interpretation: the city or province office (市级政府办公室) names the counties
 * that must repost it (转载区县) and within how many days (转载期限); a county's office reposts it
 * with one click (routes.ts), which alone fills 转载来源 (repostOf). Every write passes here, inside
 * its transaction, so a refused change leaves nothing behind.
 */
export const INTERPRETATION = 'api::interpretation.interpretation';
const WRITES = new Set(['create', 'update']);

const reposting = new AsyncLocalStorage<true>();
/** Runs a write as the one-click repost: it may set 转载来源 and start at 办公室签发. */
export const asRepost = <T>(write: () => Promise<T>): Promise<T> => reposting.run(true, write);
export const isReposting = (): boolean => reposting.getStore() === true;

export interface RepostMark { counties: Array<{ id: number; code: string; name: string }>; days: number; repostOf: { id: number; documentId: string; title: string } | null }

/** The draft's mark (转载区县, 转载期限) and its source; null when there is no draft. */
export async function repostMarkOf(strapi: any, documentId: string, status: 'draft' | 'published' = 'draft'): Promise<RepostMark | null> {
  const row = await strapi.documents(INTERPRETATION).findOne({
    documentId, status, fields: ['repostWithinDays'],
    populate: { repostCounties: { fields: ['code', 'name'] }, repostOf: { fields: ['title'] } },
  });
  if (!row) return null;
  const counties = (row.repostCounties ?? []).map((c: any) => ({ id: c.id, code: c.code, name: c.name })).sort((a: any, b: any) => a.id - b.id);
  return { counties, days: row.repostWithinDays ?? 3, repostOf: row.repostOf ? { id: row.repostOf.id, documentId: row.repostOf.documentId, title: row.repostOf.title } : null };
}

const markKey = (mark: RepostMark | null) => (mark && mark.counties.length > 0 ? `${mark.counties.map((c) => c.id).join(',')}|${mark.days}` : '');

export function registerRepostGuard(strapi: any): void {
  strapi.documents.use(async (context: any, next: () => Promise<any>) => {
    const { uid, action, params } = context;
    if (uid !== INTERPRETATION || !WRITES.has(action)) return next();
    const actor = currentActor(strapi);
    const mayMark = actor.kind === 'system' || actor.isSuperAdmin || actor.roles.includes('cityOffice');
    return strapi.db.transaction(async () => {
      const before = params.documentId ? await repostMarkOf(strapi, params.documentId) : null;
      const result = await next();
      const documentId = result?.documentId ?? params.documentId;
      if (!documentId) return result;
      const after = await repostMarkOf(strapi, documentId);
      if (!mayMark && markKey(before) !== markKey(after)) {
        throw new errors.PolicyError('“转载区县”和“转载期限”由市级政府办公室标记：区县工作人员不能修改，请联系市级政府办公室');
      }
      if (!isReposting() && (before?.repostOf?.id ?? null) !== (after?.repostOf?.id ?? null)) {
        throw new errors.PolicyError('“转载来源”由“一键转载”自动填写，不能手工修改：请在原稿的编辑页点“一键转载”');
      }
      return result;
    });
  });
}
