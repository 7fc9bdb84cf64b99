import { ROLES, SUPER_ADMIN_CODE, type RoleKey } from './stages';

/** Who is making a change: an admin user, an API caller, or the system itself (bootstrap, seed). */
export interface Actor {
  kind: 'system' | 'admin' | 'api';
  id?: number;
  label: string;
  roles: RoleKey[];
  roleNames: string[];
  isSuperAdmin: boolean;
}

const roleKeyByCode = new Map<string, RoleKey>(
  (Object.keys(ROLES) as RoleKey[]).map((key) => [ROLES[key].code, key]),
);

export function currentActor(strapi: any): Actor {
  const ctx = strapi.requestContext.get();
  if (!ctx) return { kind: 'system', label: '系统', roles: [], roleNames: [], isSuperAdmin: true };
  const user = ctx.state?.user;
  const isAdmin = ctx.state?.auth?.strategy?.name === 'admin' && user;
  if (!isAdmin) {
    return { kind: 'api', label: 'API 调用', roles: [], roleNames: [], isSuperAdmin: false };
  }
  const roles: Array<{ code: string; name: string }> = user.roles ?? [];
  const name = [user.lastname, user.firstname].filter(Boolean).join('') || user.username || user.email;
  return {
    kind: 'admin',
    id: user.id,
    label: `${name} <${user.email}>`,
    roles: roles.map((r) => roleKeyByCode.get(r.code)).filter((k): k is RoleKey => Boolean(k)),
    roleNames: roles.map((r) => r.name),
    isSuperAdmin: roles.some((r) => r.code === SUPER_ADMIN_CODE),
  };
}

/** The department an admin user interprets for, through the interpreter library. */
export async function departmentOfUser(
  strapi: any,
  userId: number,
): Promise<{ id: number; documentId: string } | null> {
  const interpreter = await strapi.db.query('api::interpreter.interpreter').findOne({
    where: { adminUser: { id: userId } },
    populate: ['department'],
  });
  return interpreter?.department ?? null;
}
