import { errors } from '@strapi/utils';
import type { Actor } from './actor';
import { countyOfUser, isCountyScoped } from './county';

/**
 * County scope for 开放活动: a county's staff hold events of their own county — organized by one of
 * its departments, on its sites and terminals. An event saved without a county is filed under the
 * organizing department's county (or the author's). Called after the write, inside its transaction.
 */
const OPEN_EVENT = 'api::open-event.open-event';
const TARGETS = {
  department: { populate: ['county'] }, county: true, sites: { populate: ['county'] }, kioskTerminals: { populate: ['county'] },
} as const;
const TARGET_NAMES = { department: '主办部门', county: '所属区县', sites: '发布站点', kioskTerminals: '触摸屏终端' } as const;

const refuse = (message: string): never => {
  throw new errors.PolicyError(message);
};

export async function checkOpenEventCounty(strapi: any, actor: Actor, after: { id: number; documentId: string }): Promise<void> {
  const saved = await strapi.documents(OPEN_EVENT).findOne({ documentId: after.documentId, status: 'draft', populate: TARGETS });
  const scoped = isCountyScoped(actor);
  const own = scoped ? await countyOfUser(strapi, actor.id!) : null;
  if (scoped && !own) refuse('你的账号还没有归属任何区县，请联系市级政府办公室把你加入所在区县的工作人员');
  if (!saved.county) {
    const county = own ?? saved.department?.county;
    if (county) await strapi.db.query(OPEN_EVENT).update({ where: { id: saved.id }, data: { county: county.id } });
    saved.county = county ?? null;
  }
  if (!own) return;
  for (const field of Object.keys(TARGETS) as Array<keyof typeof TARGETS>) {
    const value = saved[field];
    const targets: any[] = Array.isArray(value) ? value : value ? [value] : [];
    const foreign = targets.find((t) => (field === 'county' ? t.id : t.county?.id) !== own.id);
    if (foreign) refuse(`不能选用其他区县的${TARGET_NAMES[field]}“${foreign.name}”：你只能选${own.name}的`);
  }
}
