import type { Actor } from './actor';

/**
 * Counties (区县) as the scope of everything a county's staff see and pick. A county owns its
 * departments, sites, kiosk terminals, screening regions, channel accounts and brand columns
 * (each has a `county` relation); interpreters belong through their department, interpretations
 * and their review records through theirs. Staff belong to a county through the interpreter
 * library (interpreter → department → county) or, for staff who interpret nothing (政府办,
 * 融媒体中心), through the county's 工作人员 list.
 */
export const COUNTY = 'api::county.county';

/** Where each county-scoped content type keeps its county, as a path (or paths, any of which) for an RBAC condition. */
export const COUNTY_PATHS: Record<string, string | string[]> = {
  [COUNTY]: 'id',
  'api::department.department': 'county.id',
  'api::site.site': 'county.id',
  'api::kiosk-terminal.kiosk-terminal': 'county.id',
  'api::screening-region.screening-region': 'county.id',
  'api::tv-station.tv-station': 'county.id',
  'api::channel-account.channel-account': 'county.id',
  'api::brand-column.brand-column': 'county.id',
  'api::stage-transition.stage-transition': 'county.id',
  'api::interpreter.interpreter': 'department.county.id',
  'api::interpretation.interpretation': 'department.county.id',
  // 开放活动 name their county; one filed before it was set is its department's.
  'api::open-event.open-event': ['county.id', 'department.county.id'],
  // A citizen's question is the county's whose department answers it or whose site it was asked on.
  'api::question.question': ['department.county.id', 'site.county.id'],
  'api::suggestion-round.suggestion-round': ['site.county.id', 'department.county.id'],
  'api::survey.survey': ['department.county.id', 'site.county.id'],
};
/** The types a county owns directly (a `county` field the guard fills in and keeps). */
export const COUNTY_OWNED = Object.keys(COUNTY_PATHS).filter((uid) => COUNTY_PATHS[uid] === 'county.id' && !uid.includes('stage-transition'));

export const SAME_COUNTY = 'api::same-county';

export interface CountyRef { id: number; documentId: string; name: string }

/** The county an admin user works for, or null (city and province staff, the super admin). */
export async function countyOfUser(strapi: any, userId: number): Promise<CountyRef | null> {
  const interpreter = await strapi.db.query('api::interpreter.interpreter').findOne({
    where: { adminUser: { id: userId } },
    populate: { department: { populate: { county: true } } },
  });
  if (interpreter?.department?.county) return interpreter.department.county;
  return strapi.db.query(COUNTY).findOne({ where: { staff: { id: userId } } });
}

/** Whether this actor sees only their own county: every admin but the super admin and the city/province office. */
export const isCountyScoped = (actor: Actor) =>
  actor.kind === 'admin' && !actor.isSuperAdmin && !actor.roles.includes('cityOffice');

/**
 * The RBAC condition 本区县的记录: Strapi evaluates it once per permission when it builds a
 * user's abilities, and applies it to list views, relation pickers, single reads and writes.
 * A user in no county matches nothing.
 */
export async function registerCountyCondition(strapi: any): Promise<void> {
  const lookups = new WeakMap<object, Promise<CountyRef | null>>();
  await strapi.service('admin::permission').conditionProvider.register({
    displayName: '本区县的记录',
    name: 'same-county',
    handler: async (user: { id: number; permission?: { subject?: string } }) => {
      // Strapi passes the same user object for every permission of one ability: look the county up once.
      if (!lookups.has(user)) lookups.set(user, countyOfUser(strapi, user.id));
      const county = await lookups.get(user);
      const path = COUNTY_PATHS[user.permission?.subject ?? ''];
      if (!county || !path) return false;
      return Array.isArray(path) ? { $or: path.map((p) => ({ [p]: county.id })) } : { [path]: county.id };
    },
  });
}
