import type { DemoContent } from '../seed/demo-schema';
import { ROLES, type RoleKey } from '../workflow/stages';

export interface AdminLogin { email: string; password: string; role: string; note?: string }

/** The super admin from ADMIN_EMAIL / ADMIN_PASSWORD, created once; its password is never overwritten. */
export async function ensureSuperAdmin(strapi: any, email: string, password: string): Promise<AdminLogin> {
  const users = strapi.service('admin::user');
  const existing = await strapi.db.query('admin::user').findOne({ where: { email } });
  if (!existing) {
    const superAdmin = await strapi.service('admin::role').getSuperAdmin();
    await users.create({
      email,
      firstname: '管理员',
      lastname: '系统',
      password,
      isActive: true,
      registrationToken: null,
      roles: [superAdmin.id],
      preferedLanguage: 'zh-Hans',
    });
  }
  return { email, password, role: '超级管理员' };
}

/** One demo login: an interpreter-library entry (their county comes from its department) or a county's staff. */
export interface DemoPerson { email: string; name: string; role: RoleKey; interpreter?: string; county?: string }

/**
 * The demo's staff, one per workflow role: 莒县's office and media centre, the city office that
 * sees every county, the first interpreter of each of two 莒县 departments, a reviewer in the
 * first one's department (four eyes), and an interpreter of another county (county scope).
 */
export function demoStaff(content: Pick<DemoContent, 'interpreters' | 'departments'>): DemoPerson[] {
  const countyOf = new Map(content.departments.map((d) => [d.code, d.county]));
  const firstOfDepartment = content.interpreters.filter((i, index, all) => all.findIndex((j) => j.department === i.department) === index);
  const [first, second] = firstOfDepartment;
  const reviewer = content.interpreters.find((i) => i.department === first.department && i !== first);
  const elsewhere = firstOfDepartment.find((i) => countyOf.get(i.department) !== countyOf.get(first.department));
  const interpreter = (code: string, role: RoleKey): DemoPerson => ({ email: `${code}@tongyuan.local`, name: code, role, interpreter: code });
  return [
    { email: 'office@tongyuan.local', name: '莒县政府办', role: 'office', county: countyOf.get(first.department) },
    { email: 'media@tongyuan.local', name: '莒县融媒体中心', role: 'media', county: countyOf.get(first.department) },
    { email: 'city@tongyuan.local', name: '市政府办公室', role: 'cityOffice' },
    interpreter(first.code, 'department'),
    interpreter(second.code, 'department'),
    ...(reviewer ? [interpreter(reviewer.code, 'reviewer')] : []),
    ...(elsewhere ? [interpreter(elsewhere.code, 'department')] : []),
  ];
}

/** Creates the demo staff once and links each to their interpreter entry or county. */
export async function ensureDemoStaff(
  strapi: any,
  roleIds: Record<RoleKey, number>,
  password: string,
  staff: DemoPerson[],
): Promise<AdminLogin[]> {
  const logins: AdminLogin[] = [];
  for (const person of staff) {
    let user = await strapi.db.query('admin::user').findOne({ where: { email: person.email } });
    if (!user) {
      user = await strapi.service('admin::user').create({
        email: person.email,
        firstname: person.name,
        lastname: '',
        password,
        isActive: true,
        registrationToken: null,
        roles: [roleIds[person.role]],
        preferedLanguage: 'zh-Hans',
      });
    }
    let note: string | undefined;
    if (person.interpreter) {
      const interpreter = await strapi.db.query('api::interpreter.interpreter').findOne({
        where: { code: person.interpreter },
        populate: { department: { populate: ['county'] }, adminUser: true },
      });
      if (interpreter && interpreter.adminUser?.id !== user.id) {
        await strapi.db.query('api::interpreter.interpreter').update({ where: { id: interpreter.id }, data: { adminUser: user.id } });
      }
      note = `${interpreter?.name ?? ''}，${interpreter?.department?.name ?? ''}，${interpreter?.department?.county?.name ?? ''}`;
    }
    if (person.county) {
      const county = await strapi.db.query('api::county.county').findOne({ where: { code: person.county }, populate: ['staff'] });
      const ids: number[] = (county?.staff ?? []).map((u: { id: number }) => u.id);
      if (county && !ids.includes(user.id)) {
        await strapi.db.query('api::county.county').update({ where: { id: county.id }, data: { staff: [...ids, user.id] } });
      }
      note = county?.name;
    }
    logins.push({ email: person.email, password, role: ROLES[person.role].name, note: note ?? (person.role === 'cityOffice' ? '所有区县' : undefined) });
  }
  return logins;
}
