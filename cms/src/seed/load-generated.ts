import { generateInterpretations } from './generate';
import { generatePolicies } from './generate-policies';
import { generateProvince, provinceInterpretations, type Province } from './generate-province';
import { interpretationData, loadDemoContent, readDemoContent } from './load-demo';

type Uid = `api::${string}.${string}`;
const uid = (name: string) => `api::${name}.${name}` as Uid;
/** Interpretations created and published per database transaction: one commit instead of hundreds. */
const BATCH = 100;

export interface GeneratedSettings { interpretations: number; policyItems: number; counties: number }

/**
 * GENERATED_INTERPRETATIONS, GENERATED_POLICY_ITEMS and GENERATED_COUNTIES on top of the demo
 * content, once per setting (loading again changes nothing). Without counties the generated
 * interpretations are loaded with the demo (as the republish and policy benchmarks have them). With
 * counties (the cost-curve benchmark) a larger setting grows the same installation: the policy
 * fixture is loaded again only when its size changed, and only the interpretations not yet there are
 * created, a hundred to a transaction.
 */
export async function loadGeneratedContent(strapi: any, wanted: GeneratedSettings): Promise<void> {
  if (wanted.interpretations === 0 && wanted.policyItems === 0) return;
  const store = strapi.store({ type: 'plugin', name: 'tongyuan', key: 'generated-content' });
  const key = `${wanted.interpretations}/${wanted.policyItems}${wanted.counties ? `/${wanted.counties}` : ''}`;
  const had = (await store.get({})) as string | null;
  if (had === key) return;
  const started = Date.now();
  const demo = readDemoContent();
  const policies = wanted.policyItems > 0 ? generatePolicies(demo, wanted.policyItems) : { tagDimensions: demo.tagDimensions, policyDocuments: [] };
  const withPolicies = { ...demo, tagDimensions: policies.tagDimensions, policyDocuments: [...demo.policyDocuments, ...policies.policyDocuments] };
  let created = wanted.interpretations;
  if (wanted.counties === 0) {
    // The demo's own interpretations stay in the list: a policy document's sites come from the interpretations citing it.
    await loadDemoContent(strapi, { ...withPolicies, interpretations: [...demo.interpretations, ...generateInterpretations(demo, wanted.interpretations)] });
  } else {
    const hadPolicies = had?.split('/').length === 3 ? Number(had.split('/')[1]) : -1;
    if (wanted.policyItems !== hadPolicies && wanted.policyItems > 0) await loadDemoContent(strapi, withPolicies);
    const province = generateProvince(wanted.counties);
    await ensureProvince(strapi, province);
    created = await createMissing(strapi, provinceInterpretations(demo, province, wanted.interpretations));
  }
  await store.set({ value: key });
  strapi.log.info(`[tongyuan] 已生成 ${wanted.interpretations} 篇测试解读（本次新建 ${created} 篇）、${wanted.policyItems} 个政策事项，用时 ${Date.now() - started} ms`);
}

/** The generated counties, their departments and sites, created when missing (keyed by code). */
async function ensureProvince(strapi: any, province: Province): Promise<void> {
  const codes = async (type: string) => new Map<string, string>(
    (await strapi.db.query(uid(type)).findMany({ select: ['code', 'documentId'] })).map((r: any) => [r.code, r.documentId]),
  );
  const counties = await codes('county');
  for (const c of province.counties) if (!counties.has(c.code)) counties.set(c.code, (await strapi.documents(uid('county')).create({ data: c })).documentId);
  const departments = await codes('department');
  for (const d of province.departments) {
    if (!departments.has(d.code)) await strapi.documents(uid('department')).create({ data: { ...d, county: counties.get(d.county) } });
  }
  const sites = await codes('site');
  for (const s of province.sites) { // portals come first in the list: a township's parent exists when it is made
    if (sites.has(s.code)) continue;
    const saved = await strapi.documents(uid('site')).create({ data: { ...s, county: counties.get(s.county), parent: s.parent ? sites.get(s.parent) : null } });
    sites.set(s.code, saved.documentId);
  }
}

/** Creates and publishes the interpretations whose slug is not there yet; returns how many. */
async function createMissing(strapi: any, items: ReturnType<typeof provinceInterpretations>): Promise<number> {
  const existing = new Set((await strapi.db.query(uid('interpretation')).findMany({ where: { slug: { $startsWith: 'gen-' } }, select: ['slug'] })).map((r: any) => r.slug));
  const missing = items.filter((i) => !existing.has(i.slug));
  if (missing.length === 0) return 0;
  const ids = await referenceIds(strapi);
  const idOf = (type: string, key: string) => {
    const id = ids.get(`${type}:${key}`);
    if (!id) throw new Error(`生成的解读引用了不存在的${type}：${key}`);
    return id;
  };
  const documents = strapi.documents(uid('interpretation'));
  for (let i = 0; i < missing.length; i += BATCH) {
    await strapi.db.transaction(async () => {
      for (const item of missing.slice(i, i + BATCH)) {
        const saved = await documents.create({ data: interpretationData(item, idOf) });
        await documents.publish({ documentId: saved.documentId });
      }
    });
  }
  return missing.length;
}

/** "<type>:<key>" → documentId for everything a generated interpretation refers to. */
async function referenceIds(strapi: any): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const type of ['channel', 'department', 'interpreter', 'site', 'brand-column', 'kiosk-terminal', 'screening-region', 'tv-station']) {
    for (const r of await strapi.db.query(uid(type)).findMany({ select: ['code', 'documentId'] })) ids.set(`${type}:${r.code}`, r.documentId);
  }
  for (const r of await strapi.db.query(uid('policy-document')).findMany({ select: ['documentNumber', 'documentId'] })) ids.set(`policy-document:${r.documentNumber}`, r.documentId);
  for (const r of await strapi.db.query(uid('tag')).findMany({ select: ['code', 'documentId'], populate: { dimension: { select: ['code'] } } })) {
    if (r.dimension) ids.set(`tag:${r.dimension.code}:${r.code}`, r.documentId);
  }
  return ids;
}
