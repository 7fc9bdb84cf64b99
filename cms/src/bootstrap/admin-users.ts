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

/**
 * Demo staff, one per workflow role; department interpreters are linked to interpreter-library
 * entries so the same-department rule has something to check.
 */
export async function ensureDemoStaff(
  strapi: any,
  roleIds: Record<RoleKey, number>,
  password: string,
  interpreterCodes: string[],
): Promise<AdminLogin[]> {
  const staff: Array<{ email: string; name: string; role: RoleKey; interpreter?: string }> = [
    { email: 'office@tongyuan.local', name: '政府办', role: 'office' },
    { email: 'media@tongyuan.local', name: '融媒体中心', role: 'media' },
    ...interpreterCodes.map((code) => ({ email: `${code}@tongyuan.local`, name: code, role: 'department' as RoleKey, interpreter: code })),
  ];
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
        populate: ['department', 'adminUser'],
      });
      if (interpreter && interpreter.adminUser?.id !== user.id) {
        await strapi.db.query('api::interpreter.interpreter').update({ where: { id: interpreter.id }, data: { adminUser: user.id } });
      }
      note = `${interpreter?.name ?? ''}，${interpreter?.department?.name ?? ''}`;
    }
    logins.push({ email: person.email, password, role: ROLES[person.role].name, note });
  }
  return logins;
}
