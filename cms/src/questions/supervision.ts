import { departmentOfUser } from '../workflow/actor';
import { COUNTY } from '../workflow/county';

/**
 * 我要监督 (民生资金公开): a report about a livelihood-fund disclosure is a question of the kind
 * 'supervision'. It goes to its county's 监督受理部门 (the county's supervisingDepartment, e.g.
 * 县纪委监委), not to the department whose money it is about; the reporter's name and contact are
 * seen by that department's staff and the county office only — never by the department reported
 * on, even when a report is passed to it for the facts (转办).
 */
export const SUPERVISION = 'supervision';
const DEPARTMENT = 'api::department.department';
/** What only the answering department (and for a report, only the supervising one) may read. */
export const ASKER_FIELDS = ['askerName', 'askerContact'];
/** The RBAC condition on ASKER_FIELDS for department roles (bootstrap/roles.ts). */
export const ASKER_VISIBLE = 'api::asker-visible';

interface SiteRef { id: number; code: string; questionDepartment?: { id: number; code: string; name: string } | null }

/**
 * Who handles a report from a site: the site's county's supervising department; without one (or when
 * the report names that department itself) the site's default desk, with a warning to file it.
 * `reportedCode`: the department the report is about, if it names one; never the handler.
 */
export async function routeSupervision(strapi: any, site: SiteRef | null, reportedCode: string | null | undefined) {
  const withCounty = site
    ? await strapi.db.query('api::site.site').findOne({ where: { id: site.id }, populate: { county: { populate: ['supervisingDepartment'] } } })
    : null;
  const county = withCounty?.county ?? null;
  const reported = reportedCode ? await strapi.db.query(DEPARTMENT).findOne({ where: { code: reportedCode }, populate: ['county'] }) : null;
  // A department of another county is not this report's subject: it is dropped rather than trusted.
  const named = reported && county && reported.county?.id === county.id ? reported : null;
  const supervisor = county?.supervisingDepartment ?? null;
  if (supervisor && supervisor.id !== named?.id) return { department: supervisor, routedBy: 'supervising_department' as const, reported: named };
  strapi.log.warn(`监督举报：${county?.name ?? site?.code ?? '未知站点'}${supervisor ? '的举报涉及监督受理部门本身' : '没有设置监督受理部门'}，暂交站点的咨询默认承办部门；请在“区县”中设置监督受理部门`);
  const fallback = site?.questionDepartment && site.questionDepartment.id !== named?.id ? site.questionDepartment : null;
  return { department: fallback, routedBy: fallback ? ('site_default' as const) : ('unrouted' as const), reported: named };
}

/**
 * 可见提问人的咨询: a department's staff read the asker's details of their own questions and
 * suggestions; of reports only when they are a county's supervising department and not the
 * department the report names. Matched per record both in the list query and in memory.
 */
export async function registerAskerCondition(strapi: any): Promise<void> {
  await strapi.service('admin::permission').conditionProvider.register({
    displayName: '可见提问人的咨询',
    name: 'asker-visible',
    handler: async (user: { id: number }) => {
      const department = await departmentOfUser(strapi, user.id);
      if (!department) return false;
      const supervises = await strapi.db.query(COUNTY).findOne({ where: { supervisingDepartment: { id: department.id } }, select: ['id'] });
      if (!supervises) return { 'department.id': department.id, kind: { $ne: SUPERVISION } };
      return { 'department.id': department.id, $or: [{ kind: { $ne: SUPERVISION } }, { 'reportedDepartment.id': { $ne: department.id } }] };
    },
  });
}
