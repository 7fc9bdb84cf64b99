import type { Core } from '@strapi/strapi';
import { currentActor } from './actor';
import { countyOfUser, isCountyScoped } from './county';

export interface OrganizingDepartment { id: number; name: string; county?: { id: number } | null }

/**
 * Whether the logged-in admin user speaks for the organizing department of a survey or an open
 * event (what its registrants and answers are private to): null when yes, else the refusal in words.
 * The department's own staff; the county office for its county's departments; the city office and
 * the super admin for every one. `what` names what was asked for (问卷结果, 门口签到页).
 */
export async function whyNotOrganizer(strapi: Core.Strapi, department: OrganizingDepartment | null | undefined, what: string): Promise<string | null> {
  const actor = currentActor(strapi);
  if (actor.kind !== 'admin') return `请先登录 CMS 后台，再打开${what}`;
  if (!isCountyScoped(actor)) return null;
  const interpreter = await strapi.db.query('api::interpreter.interpreter').findOne({ where: { adminUser: { id: actor.id } }, populate: ['department'] });
  if (interpreter?.department) {
    return interpreter.department.id === department?.id ? null : `${what}只对组织部门（${department?.name ?? '未填写'}）开放`;
  }
  // Staff who interpret nothing (政府办, 融媒体中心): their county's.
  const county = await countyOfUser(strapi, actor.id!);
  return county && department?.county?.id === county.id ? null : `${what}只对组织部门及其所在区县开放：这是其他区县部门组织的`;
}
