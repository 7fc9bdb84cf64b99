import { COUNTY, COUNTY_PATHS, SAME_COUNTY } from '../workflow/county';
import { ROLES, type RoleKey } from '../workflow/stages';
import { ASKER_FIELDS, ASKER_VISIBLE } from '../questions/supervision';

/**
 * Admin roles for Juxian's workflow, defined in code and re-applied at every start (Strapi diffs
 * them, so this is cheap). Changing a role in the admin UI is overwritten: change it here.
 * Every role but the super admin and the city/province office sees only its own county's records
 * (the 本区县的记录 condition, workflow/county.ts).
 */
const INTERPRETATION = 'api::interpretation.interpretation';
const POLICY_DOCUMENT = 'api::policy-document.policy-document';
const STAGE_TRANSITION = 'api::stage-transition.stage-transition';
const QUESTION = 'api::question.question';
const CHANNEL_ACCOUNT = 'api::channel-account.channel-account';
/** 开放活动 go through the same review stages as interpretations, with the same grants. */
const OPEN_EVENT = 'api::open-event.open-event';
/** 你建言我来办 rounds (the office authors them) and 问卷调查 (the organizing department authors its own). */
const SUGGESTION_ROUND = 'api::suggestion-round.suggestion-round';
const SURVEY = 'api::survey.survey';
const REFERENCE_TYPES = [
  'api::department.department',
  'api::interpreter.interpreter',
  'api::tag-dimension.tag-dimension',
  'api::tag.tag',
  'api::policy-list.policy-list',
  'api::brand-column.brand-column',
  'api::site.site',
  'api::channel.channel',
  'api::kiosk-terminal.kiosk-terminal',
  'api::screening-region.screening-region',
  'api::tv-station.tv-station',
  'api::holiday-arrangement.holiday-arrangement', // the office files each year's 节假日安排
  'api::norm-entry.norm-entry', // the office keeps the 表述规范库; everyone reads it
];
const SAME_DEPARTMENT = 'api::same-department';
/** What the media centre may touch on an interpretation: media, channel overrides, format, stage, 退回意见. */
const MEDIA_FIELDS = ['cover', 'narrationRecording', 'coverFocusX', 'coverFocusY', 'images', 'overrides', 'format', 'brandColumn', 'stage', 'returnReason'];
/** Only reviewers, the media centre and the offices write 退回意见; the author reads it. */
const REVIEW_ONLY_FIELDS = ['returnReason'];

const explorer = (verb: string) => `plugin::content-manager.explorer.${verb}`;
const UPLOAD_ALL = ['read', 'assets.create', 'assets.update', 'assets.download', 'assets.copy-link'].map(
  (a) => ({ action: `plugin::upload.${a}` }),
);

type Permission = { action: string; subject?: string; properties?: { fields?: string[] }; conditions?: string[] };

export async function registerDepartmentCondition(strapi: any): Promise<void> {
  await strapi.service('admin::permission').conditionProvider.register({
    displayName: '本部门的解读',
    name: 'same-department',
    handler: async (user: { id: number }) => {
      const interpreter = await strapi.db.query('api::interpreter.interpreter').findOne({
        where: { adminUser: { id: user.id } },
        populate: ['department'],
      });
      return interpreter?.department ? { 'department.id': interpreter.department.id } : false;
    },
  });
}

export async function ensureRoles(strapi: any): Promise<Record<RoleKey, number>> {
  const fieldsOf = (uid: string) =>
    strapi.service('admin::content-type').getNestedFields(strapi.contentTypes[uid], { components: strapi.components });
  /** Permissions on one type; `county: true` limits all but create to the user's county where the type has one. */
  const on = (uid: string, verbs: string[], extra: Partial<Permission> & { county?: boolean } = {}): Permission[] => {
    const { county, ...rest } = extra;
    return verbs.map((verb) => ({
      action: explorer(verb),
      subject: uid,
      ...(verb === 'delete' || verb === 'publish' ? {} : { properties: { fields: fieldsOf(uid) } }),
      ...(county && verb !== 'create' && uid in COUNTY_PATHS ? { conditions: [SAME_COUNTY] } : {}),
      ...rest,
    }));
  };
  /** The same grant on interpretations and 开放活动. */
  const staged = (verbs: string[], extra: Partial<Permission> & { county?: boolean } = {}) => [INTERPRETATION, OPEN_EVENT].flatMap((uid) => on(uid, verbs, extra));
  const withFields = (permissions: Permission[], keep: (field: string) => boolean) =>
    permissions.map((p) => (p.properties?.fields ? { ...p, properties: { fields: p.properties.fields.filter(keep) } } : p));

  const office = (county: boolean): Permission[] => [
    ...staged(['create', 'read', 'update', 'delete', 'publish'], { county }),
    ...on(POLICY_DOCUMENT, ['create', 'read', 'update', 'delete', 'publish']),
    ...[COUNTY, ...REFERENCE_TYPES].flatMap((uid) => on(uid, uid === COUNTY && county ? ['read', 'update'] : ['create', 'read', 'update', 'delete'], { county })),
    ...on(STAGE_TRANSITION, ['read'], { county }),
    // The office assigns its county's unrouted questions and keeps the account registry (Suzhou's filing).
    ...on(QUESTION, ['read', 'update', 'delete'], { county }),
    ...on(CHANNEL_ACCOUNT, ['create', 'read', 'update', 'delete'], { county }),
    ...on(SUGGESTION_ROUND, ['create', 'read', 'update', 'delete'], { county }),
    ...on(SURVEY, ['create', 'read', 'update', 'delete', 'publish'], { county }),
    ...UPLOAD_ALL,
  ];
  const department = (mayReview: boolean): Permission[] => [
    ...staged(['create']),
    ...staged(['read'], { county: true }),
    ...withFields(staged(['update', 'delete'], { conditions: [SAME_DEPARTMENT] }), (f) => mayReview || !REVIEW_ONLY_FIELDS.includes(f)),
    ...on(POLICY_DOCUMENT, ['create', 'read', 'update']),
    ...[COUNTY, ...REFERENCE_TYPES].flatMap((uid) => on(uid, ['read'], { county: true })),
    ...on(STAGE_TRANSITION, ['read'], { county: true }),
    // Departments answer their own questions (宜企问); nobody creates a question by hand: they come from the public.
    // The asker's details only where 可见提问人的咨询 allows: never a report's to the department it is about.
    ...withFields(on(QUESTION, ['read', 'update'], { conditions: [SAME_DEPARTMENT] }), (f) => !ASKER_FIELDS.includes(f)),
    ...on(QUESTION, ['read', 'update'], { properties: { fields: ASKER_FIELDS }, conditions: [ASKER_VISIBLE] }),
    ...on(CHANNEL_ACCOUNT, ['read'], { county: true }),
    ...on(SUGGESTION_ROUND, ['read'], { county: true }),
    // A department organizes its own surveys and reads their results (the results route checks the same).
    ...on(SURVEY, ['create']),
    ...on(SURVEY, ['read', 'update', 'delete', 'publish'], { conditions: [SAME_DEPARTMENT] }),
    ...UPLOAD_ALL.slice(0, 2),
  ];

  const grants: Record<RoleKey, Permission[]> = {
    office: office(true),
    cityOffice: office(false),
    department: department(false),
    reviewer: department(true),
    media: [
      ...staged(['read'], { county: true }),
      ...withFields(staged(['update'], { county: true }), (f) => MEDIA_FIELDS.some((m) => f === m || f.startsWith(`${m}.`))),
      ...on(POLICY_DOCUMENT, ['read']),
      ...[COUNTY, ...REFERENCE_TYPES].flatMap((uid) => on(uid, ['read'], { county: true })),
      ...on(STAGE_TRANSITION, ['read'], { county: true }),
      ...on(CHANNEL_ACCOUNT, ['read', 'update'], { county: true }),
      ...UPLOAD_ALL,
    ],
  };

  const roleService = strapi.service('admin::role');
  const ids = {} as Record<RoleKey, number>;
  for (const key of Object.keys(ROLES) as RoleKey[]) {
    const { code, name, description } = ROLES[key];
    let role = await roleService.findOne({ code });
    if (!role) role = await roleService.create({ code, name, description });
    else if (role.name !== name || role.description !== description) await roleService.update({ id: role.id }, { name, description });
    await roleService.assignPermissions(role.id, grants[key]);
    ids[key] = role.id;
  }
  return ids;
}
