import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  BOOKKEEPING_FIELDS, CMS_ONLY_FIELDS, DOCUMENT_SCHEMAS, fieldInfo, FORMAT_LABELS, type FieldInfo,
} from '@tongyuan/document';
import type { z } from 'zod';

/**
 * Strapi's schema stays Strapi's, and the kernel (@tongyuan/document) is what the publisher
 * validates with: if they drift, the CMS accepts what the publisher refuses. This holds them
 * together field by field — names on both sides, compatible types, and no field the kernel
 * requires that Strapi lets authors leave empty — through components and relations.
 */
type Attribute = {
  type: string; customField?: string; required?: boolean; repeatable?: boolean; multiple?: boolean;
  relation?: string; component?: string; target?: string; enum?: string[];
};
type Attributes = Record<string, Attribute>;

const SRC = path.resolve(__dirname, '..');
const readJson = (file: string) => JSON.parse(readFileSync(path.join(SRC, file), 'utf8')) as { attributes: Attributes };
const contentType = (uid: string): Attributes => {
  const name = uid.replace(/^api::[^.]+\./, '');
  return readJson(`api/${name}/content-types/${name}/schema.json`).attributes;
};
const component = (uid: string): Attributes => {
  const [category, name] = uid.split('.');
  return readJson(`components/${category}/${name}.json`).attributes;
};
const KIND_UID = { interpretation: 'api::interpretation.interpretation', 'policy-document': 'api::policy-document.policy-document', event: 'api::open-event.open-event' } as const;

const SCALARS: Record<string, Array<FieldInfo['kind']>> = {
  string: ['string', 'enum'], text: ['string'], richtext: ['string'], uid: ['string'], email: ['string'],
  enumeration: ['string', 'enum'], date: ['string'], datetime: ['string'], time: ['string'],
  integer: ['number'], biginteger: ['number', 'string'], float: ['number'], decimal: ['number'], boolean: ['boolean'],
};
const TO_MANY = new Set(['oneToMany', 'manyToMany', 'morphToMany']);
/** A component's fields for the admin only: 渠道定制's channel name, shown as each entry's title (src/bootstrap/override-channel-names.ts). */
const CMS_ONLY_COMPONENT_FIELDS: Record<string, string[]> = { 'interpretation.channel-override': ['channelName'] };

/** Every disagreement between Strapi's attributes and the kernel's shape, one line each. */
export function disagreements(
  attributes: Attributes, shape: Record<string, z.ZodType>, where: string,
  options: { exact: boolean; ignore?: readonly string[]; read?: { contentType: typeof contentType; component: typeof component } },
): string[] {
  const read = options.read ?? { contentType, component };
  const problems: string[] = [];
  const ignored = new Set([...BOOKKEEPING_FIELDS, ...(options.ignore ?? [])]);
  for (const name of Object.keys(shape)) {
    if (!attributes[name] && !ignored.has(name)) problems.push(`${where}.${name}: in the kernel, not in Strapi's schema`);
  }
  for (const [name, attribute] of Object.entries(attributes)) {
    const field = shape[name];
    if (!field) {
      if (options.exact && !ignored.has(name)) problems.push(`${where}.${name}: in Strapi's schema, not in the kernel`);
      continue;
    }
    problems.push(...fieldDisagreements(attribute, fieldInfo(field), `${where}.${name}`, read));
  }
  return problems;
}

function fieldDisagreements(attribute: Attribute, info: FieldInfo, where: string, read: { contentType: typeof contentType; component: typeof component }): string[] {
  if (info.required && !attribute.required && !['relation', 'component', 'media'].includes(attribute.type)) {
    return [`${where}: the kernel requires it, Strapi lets authors leave it empty`];
  }
  const many = attribute.type === 'component' ? !!attribute.repeatable
    : attribute.type === 'media' ? !!attribute.multiple
      : attribute.type === 'relation' ? TO_MANY.has(attribute.relation ?? '') : null;
  if (many === null) {
    // A custom field with options (渠道定制's channel control) is an enumeration underneath.
    const kinds = SCALARS[attribute.type === 'customField' && attribute.enum ? 'enumeration' : attribute.type];
    if (!kinds) return [`${where}: Strapi type ${attribute.type} has no counterpart in the kernel`];
    if (!kinds.includes(info.kind)) return [`${where}: Strapi ${attribute.type}, kernel ${info.kind}`];
    if (info.kind === 'enum' && attribute.enum) {
      const extra = attribute.enum.filter((v) => !info.values.includes(v));
      if (extra.length > 0) return [`${where}: Strapi allows ${extra.join(', ')}, the kernel does not`];
    }
    return [];
  }
  const inner = many ? (info.kind === 'array' ? info.element : null) : info;
  if (!inner || inner.kind !== 'object') return [`${where}: Strapi ${many ? 'a list of' : 'one'} ${attribute.type}, kernel ${info.kind}`];
  // Media are Strapi's upload files: the kernel reads some of their fields, Strapi's upload plugin owns the rest.
  if (attribute.type === 'media') return [];
  const nested = attribute.type === 'component' ? read.component(attribute.component!) : read.contentType(attribute.target!);
  // A component is the document's own part (every field agreed); a related entry is read in part (documentId is Strapi's).
  const ignore = ['documentId', ...(attribute.type === 'component' ? CMS_ONLY_COMPONENT_FIELDS[attribute.component!] ?? [] : [])];
  return disagreements(nested, inner.shape, where, { exact: attribute.type === 'component', ignore, read });
}

describe("Strapi's content types and the document kernel", () => {
  it.each(Object.entries(KIND_UID))('agree on every field of %s', (kind, uid) => {
    const k = kind as keyof typeof KIND_UID;
    expect(disagreements(contentType(uid), DOCUMENT_SCHEMAS[k].shape, kind, { exact: true, ignore: CMS_ONLY_FIELDS[k] })).toEqual([]);
  });

  it('know the same interpretation formats', () => {
    expect(contentType(KIND_UID.interpretation).format.enum).toEqual(Object.keys(FORMAT_LABELS));
  });

  it('tell a field on one side only, a type that differs, and a requirement Strapi does not make', () => {
    const strapi = contentType(KIND_UID['policy-document']);
    const check = (attributes: Attributes) =>
      disagreements(attributes, DOCUMENT_SCHEMAS['policy-document'].shape, 'policy-document', { exact: true, ignore: CMS_ONLY_FIELDS['policy-document'] });
    const { fullText: _dropped, ...withoutFullText } = strapi;
    expect(check(withoutFullText)).toEqual(["policy-document.fullText: in the kernel, not in Strapi's schema"]);
    expect(check({ ...strapi, contact: { type: 'string' } })).toEqual(["policy-document.contact: in Strapi's schema, not in the kernel"]);
    expect(check({ ...strapi, validFrom: { type: 'integer' } })).toEqual(['policy-document.validFrom: Strapi integer, kernel string']);
    expect(check({ ...strapi, title: { type: 'string' } })).toEqual(["policy-document.title: the kernel requires it, Strapi lets authors leave it empty"]);
    expect(check({ ...strapi, sites: { type: 'relation', relation: 'manyToOne', target: 'api::site.site' } }))
      .toEqual(['policy-document.sites: Strapi one relation, kernel array']);
    const clauseWithout = (field: string) => ({
      contentType, component: (uid: string) => (uid === 'policy.clause' ? Object.fromEntries(Object.entries(component(uid)).filter(([n]) => n !== field)) : component(uid)),
    });
    expect(disagreements(strapi, DOCUMENT_SCHEMAS['policy-document'].shape, 'policy-document', { exact: true, ignore: CMS_ONLY_FIELDS['policy-document'], read: clauseWithout('text') }))
      .toEqual(["policy-document.clauses.text: in the kernel, not in Strapi's schema", "policy-document.items.policy.clauses.text: in the kernel, not in Strapi's schema"]);
  });
});
