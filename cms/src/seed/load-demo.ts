import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadDemoEvents } from './demo-events';
import { demoContentSchema, type DemoContent } from './demo-schema';

/** demo-content.json sits beside this file (copied into dist/ by the TypeScript build). */
export function readDemoContent(): DemoContent {
  const file = path.join(__dirname, 'demo-content.json');
  const parsed = demoContentSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`示例内容格式错误（${file} 中 ${first.path.join('.')}）：${first.message}`);
  }
  return parsed.data;
}

/**
 * Loads demo-content.json through the document service (so the workflow and validation rules
 * apply to it like to any author's work). Every record is keyed (code, 文号, slug): loading twice
 * updates in place and never duplicates.
 */
/** The admin stores ASCII enumeration keys; the demo file is written with the labels authors see. */
const FORMAT_KEYS = {
  图文: 'graphic_text', 一图读懂: 'explainer_image', 动漫: 'animation', 情景剧: 'sketch', 问答: 'qa', 解说: 'narration', 访谈: 'interview',
} as const;

type Uid = `api::${string}.${string}`;
const uid = (name: string) => `api::${name}.${name}` as Uid;

export interface DemoSummary { policies: number; interpretations: number; published: number; events: number }

export async function loadDemoContent(strapi: any, content: DemoContent): Promise<DemoSummary> {
  const ids = new Map<string, string>(); // "<type>:<key>" → documentId
  const idOf = (type: string, key: string) => {
    const id = ids.get(`${type}:${key}`);
    if (!id) throw new Error(`示例内容引用了不存在的${type}：${key}`);
    return id;
  };
  const upsert = async (type: string, key: string, filters: object, data: object, draftAndPublish = false) => {
    const documents = strapi.documents(uid(type));
    const existing = await documents.findFirst({ filters, ...(draftAndPublish ? { status: 'draft' } : {}) });
    const saved = existing
      ? await documents.update({ documentId: existing.documentId, data })
      : await documents.create({ data });
    ids.set(`${type}:${key}`, saved.documentId);
    return saved.documentId as string;
  };

  await loadReferenceData(content, upsert, idOf);
  for (const channel of await strapi.documents(uid('channel')).findMany({})) ids.set(`channel:${channel.code}`, channel.documentId);

  const tagIds = (refs: string[]) => refs.map((ref) => idOf('tag', ref));
  // A policy document is listed on the sites of the interpretations that explain it.
  const sitesOfPolicy = (documentNumber: string) => [
    ...new Set(content.interpretations.filter((i) => i.basis.some((b) => b.policy === documentNumber)).flatMap((i) => i.sites)),
  ];
  // Policies: create without supersedes, link, then publish older documents before newer ones.
  for (const policy of content.policyDocuments) {
    const { supersedes: _s, issuingDepartment, tags, lists, clauses, items, ...fields } = policy;
    await upsert('policy-document', policy.documentNumber, { documentNumber: policy.documentNumber }, {
      ...fields,
      clauses,
      issuingDepartment: idOf('department', issuingDepartment),
      tags: tagIds(tags),
      items: items.map((item) => ({ ...item, tags: tagIds(item.tags), clauses: item.clauses.join('、') })),
      lists: lists.map((c) => idOf('policy-list', c)),
      sites: sitesOfPolicy(policy.documentNumber).map((c) => idOf('site', c)),
    }, true);
  }
  for (const policy of content.policyDocuments.filter((p) => p.supersedes)) {
    await strapi.documents(uid('policy-document')).update({
      documentId: idOf('policy-document', policy.documentNumber),
      data: { supersedes: idOf('policy-document', policy.supersedes!) },
    });
  }
  const publishOrder = [...content.policyDocuments].sort((a, b) => Number(Boolean(a.supersedes)) - Number(Boolean(b.supersedes)));
  for (const policy of publishOrder) {
    await strapi.documents(uid('policy-document')).publish({ documentId: idOf('policy-document', policy.documentNumber) });
  }

  let published = 0;
  for (const item of content.interpretations) {
    const data = interpretationData(item, idOf);
    const documentId = await upsert('interpretation', item.slug, { slug: item.slug }, data, true);
    if (!item.draftStage) {
      await strapi.documents(uid('interpretation')).publish({ documentId });
      published += 1;
    }
  }
  const events = await loadDemoEvents(strapi, upsert, idOf);
  return { policies: content.policyDocuments.length, interpretations: content.interpretations.length, published, events };
}

/** An interpretation as the document service takes it: references (codes, 文号, "dimension:tag") resolved by `idOf`. */
export function interpretationData(item: DemoContent['interpretations'][number], idOf: (type: string, key: string) => string) {
  return {
    title: item.title, slug: item.slug, digest: item.digest, body: item.body,
    keyPoints: item.keyPoints, qa: item.qa, format: FORMAT_KEYS[item.format],
    // Only an interview names these: an update given `guests: undefined` refuses (Strapi wants an array for a repeatable component).
    ...(item.interview && {
      guests: item.interview.guests, interviewStartsAt: item.interview.startsAt, interviewEndsAt: item.interview.endsAt, transcript: item.interview.transcript,
    }),
    basis: item.basis.map((b) => ({ policy: idOf('policy-document', b.policy), clauses: b.clauses.join('、') })),
    overrides: item.overrides,
    department: idOf('department', item.department),
    interpreters: item.interpreters.map((c) => idOf('interpreter', c)),
    brandColumn: item.brandColumn ? idOf('brand-column', item.brandColumn) : null,
    channels: item.channels.map((c) => idOf('channel', c)),
    sites: item.sites.map((c) => idOf('site', c)),
    kioskTerminals: item.kioskTerminals.map((c) => idOf('kiosk-terminal', c)),
    screeningRegions: item.screeningRegions.map((c) => idOf('screening-region', c)),
    tvStations: item.tvStations.map((c) => idOf('tv-station', c)),
    tags: item.tags.map((ref) => idOf('tag', ref)),
    stage: item.draftStage ?? 'office_signoff',
  };
}

type Upsert = (type: string, key: string, filters: object, data: object) => Promise<string>;

async function loadReferenceData(content: DemoContent, upsert: Upsert, idOf: (t: string, k: string) => string) {
  const byCode = (code: string) => ({ code });
  for (const { supervisingDepartment: _, ...c } of content.counties) await upsert('county', c.code, byCode(c.code), c);
  const county = (code: string) => idOf('county', code);
  for (const d of content.departments) await upsert('department', d.code, byCode(d.code), { ...d, county: county(d.county) });
  // A county's 监督受理部门 is one of its departments: set once they exist.
  for (const { supervisingDepartment, ...c } of content.counties) {
    if (supervisingDepartment) await upsert('county', c.code, byCode(c.code), { ...c, supervisingDepartment: idOf('department', supervisingDepartment) });
  }
  for (const i of content.interpreters) {
    await upsert('interpreter', i.code, byCode(i.code), { ...i, department: idOf('department', i.department) });
  }
  for (const [position, dimension] of content.tagDimensions.entries()) {
    const { tags, ...fields } = dimension;
    const dimensionId = await upsert('tag-dimension', dimension.code, byCode(dimension.code), { ...fields, position });
    for (const tag of tags) {
      await upsert('tag', `${dimension.code}:${tag.code}`, { code: tag.code, dimension: { code: dimension.code } }, {
        ...tag,
        dimension: dimensionId,
      });
    }
  }
  for (const l of content.policyLists) await upsert('policy-list', l.code, byCode(l.code), l);
  for (const b of content.brandColumns) await upsert('brand-column', b.code, byCode(b.code), { ...b, county: county(b.county) });
  // Parents before children: a township site points at its county portal.
  const sites = [...content.sites].sort((a, b) => Number(Boolean(a.parent)) - Number(Boolean(b.parent)));
  for (const s of sites) {
    await upsert('site', s.code, byCode(s.code), {
      ...s, county: county(s.county), parent: s.parent ? idOf('site', s.parent) : null, questionDepartment: s.questionDepartment ? idOf('department', s.questionDepartment) : null,
    });
  }
  for (const k of content.kioskTerminals) {
    await upsert('kiosk-terminal', k.code, byCode(k.code), { ...k, county: county(k.county), site: idOf('site', k.site) });
  }
  for (const r of content.screeningRegions) await upsert('screening-region', r.code, byCode(r.code), { ...r, county: county(r.county) });
  for (const t of content.tvStations) await upsert('tv-station', t.code, byCode(t.code), { ...t, county: county(t.county) });
  for (const a of content.channelAccounts) {
    await upsert('channel-account', a.code, byCode(a.code), {
      ...a, county: county(a.county), department: idOf('department', a.department), site: a.site ? idOf('site', a.site) : null,
      kioskTerminal: a.kioskTerminal ? idOf('kiosk-terminal', a.kioskTerminal) : null,
    });
  }
}
