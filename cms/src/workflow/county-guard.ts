import { errors } from '@strapi/utils';
import { currentActor, type Actor } from './actor';
import { COUNTY, COUNTY_OWNED, countyOfUser, isCountyScoped, type CountyRef } from './county';

/**
 * The server side of county scope for writes: the RBAC condition already hides and refuses other
 * counties' records, but a write can still name one (a site's documentId in a request, a record's
 * county changed by hand). Every write of a county's staff is checked here after it is made,
 * inside its transaction, so a refused write leaves nothing behind.
 */
const INTERPRETER = 'api::interpreter.interpreter';
const WRITES = new Set(['create', 'update']);
const TYPE_NAMES: Record<string, string> = {
  'api::department.department': '部门', 'api::site.site': '站点', 'api::kiosk-terminal.kiosk-terminal': '查询终端',
  'api::screening-region.screening-region': '放映片区', 'api::tv-station.tv-station': '电视台', 'api::channel-account.channel-account': '渠道账号',
  'api::brand-column.brand-column': '品牌栏目', [INTERPRETER]: '解读人', [COUNTY]: '区县',
};

const refuse = (message: string) => {
  throw new errors.PolicyError(message);
};

export function registerCountyGuard(strapi: any): void {
  // These types have no draft and published copies: one row per record.
  const guarded = new Set([...COUNTY_OWNED, INTERPRETER, COUNTY]);
  strapi.documents.use(async (context: any, next: () => Promise<any>) => {
    const { uid, action, params } = context;
    if (!guarded.has(uid) || !WRITES.has(action)) return next();
    const actor = currentActor(strapi);
    if (!isCountyScoped(actor)) return next();
    const own = await countyOfUser(strapi, actor.id!);
    if (!own) refuse('你的账号还没有归属任何区县，请联系市级政府办公室把你加入所在区县的工作人员');
    return strapi.db.transaction(async () => {
      const result = await next();
      const documentId = result?.documentId ?? params.documentId;
      const saved = await strapi.documents(uid).findOne({
        documentId,
        populate: uid === INTERPRETER ? { department: { populate: ['county'] } } : uid === COUNTY ? {} : ['county'],
      });
      // A record a county's staff leave without a county is their county's.
      if (COUNTY_OWNED.includes(uid) && !saved.county) {
        await strapi.db.query(uid).update({ where: { id: saved.id }, data: { county: own!.id } });
        return result;
      }
      const county = uid === COUNTY ? saved : uid === INTERPRETER ? saved?.department?.county : saved?.county;
      if (county?.id !== own!.id) {
        const where = county ? `属于${county.name}` : '没有选所属部门';
        refuse(`只能登记本区县（${own!.name}）的${TYPE_NAMES[uid]}：“${saved?.name ?? documentId}”${where}`);
      }
      return result;
    });
  });
}

/** What an interpretation points at, with each target's county. */
const INTERPRETATION_TARGETS = {
  department: { populate: ['county'] },
  sites: { populate: ['county'] },
  kioskTerminals: { populate: ['county'] },
  screeningRegions: { populate: ['county'] },
  tvStations: { populate: ['county'] },
  brandColumn: { populate: ['county'] },
  interpreters: { populate: { department: { populate: ['county'] } } },
} as const;
const TARGET_NAMES: Record<keyof typeof INTERPRETATION_TARGETS, string> = {
  department: '解读部门', sites: '发布站点', kioskTerminals: '触摸屏终端', screeningRegions: '放映片区', tvStations: '电视台', brandColumn: '品牌栏目', interpreters: '解读人',
};

/**
 * A county's staff file an interpretation under a department of their county and target only their
 * county's sites, terminals, screening regions, brand column and interpreters. Called after the write.
 */
export async function checkInterpretationCounty(strapi: any, actor: Actor, documentId: string): Promise<void> {
  if (!isCountyScoped(actor)) return;
  const own: CountyRef | null = await countyOfUser(strapi, actor.id!);
  if (!own) refuse('你的账号还没有归属任何区县，请联系市级政府办公室把你加入所在区县的工作人员');
  const saved = await strapi.documents('api::interpretation.interpretation').findOne({ documentId, status: 'draft', populate: INTERPRETATION_TARGETS });
  if (!saved.department) refuse(`请选择本区县（${own!.name}）的解读部门`);
  for (const field of Object.keys(INTERPRETATION_TARGETS) as Array<keyof typeof INTERPRETATION_TARGETS>) {
    const value = saved[field];
    const targets: any[] = Array.isArray(value) ? value : value ? [value] : [];
    const foreign = targets.find((t) => (field === 'interpreters' ? t.department?.county?.id : t.county?.id) !== own!.id);
    if (foreign) refuse(`不能选用其他区县的${TARGET_NAMES[field]}“${foreign.name}”：你只能选${own!.name}的`);
  }
}

/**
 * Strapi's content manager refuses a record the user may not read with a bare English
 * "Forbidden", shown as the admin's error toast; say in Chinese why.
 */
export function registerRefusalMessage(strapi: any): void {
  strapi.server.use(async (ctx: any, next: () => Promise<void>) => {
    await next();
    const error = ctx.status === 403 && ctx.path.startsWith('/content-manager/') ? ctx.body?.error : null;
    if (error?.message === 'Forbidden') error.message = '你没有权限查看或修改这条记录：它属于其他区县或部门';
  });
}
