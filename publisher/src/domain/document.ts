import { createHash } from 'node:crypto';
import { PublisherError } from '../errors';
import { clauseAnchor, parseClauseNumbers } from '@tongyuan/channels';
import type { Interpretation, PolicyDocument, PolicyItem, PublishedDocument } from '@tongyuan/channels';
import { interpretationSchema, policyDocumentSchema, type InterpretationSource, type PolicyDocumentSource } from './model';

export type DocumentKind = PublishedDocument['kind'];

/** Validates Strapi's response into the domain model; a refusal says which field and why. */
export function toDocument(kind: DocumentKind, raw: unknown): { document: PublishedDocument; sourceVersion: string } {
  const schema = kind === 'interpretation' ? interpretationSchema : policyDocumentSchema;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(根)'}：${i.message}`);
    throw new PublisherError('DOCUMENT_INVALID', `内容不符合发布要求：${problems.join('；')}`, { details: { problems } });
  }
  const { publishedAt: _p, updatedAt, ...source } = parsed.data;
  if (kind === 'policy-document') {
    const policy = source as Omit<PolicyDocumentSource, 'publishedAt' | 'updatedAt'>;
    const self = { documentId: policy.documentId, title: policy.title, documentNumber: policy.documentNumber, validFrom: policy.validFrom, validTo: policy.validTo, clauses: policy.clauses };
    return {
      sourceVersion: updatedAt,
      document: {
        ...policy, kind: 'policy-document', clauses: policy.clauses.map((c) => ({ ...c, anchor: clauseAnchor(c.number) })),
        items: policy.items.map((item, index) => toItem(policy.documentId, index, item, self)),
      } satisfies PolicyDocument,
    };
  }
  const { coverFocusX, coverFocusY, ...interpretation } = source as Omit<InterpretationSource, 'publishedAt' | 'updatedAt'>;
  // A focal point needs both coordinates; one alone is treated as none (the cropper finds the subject).
  const coverFocus = coverFocusX != null && coverFocusY != null ? { x: coverFocusX, y: coverFocusY } : null;
  const basis = interpretation.basis.map((b, index) => {
    if (!b.policy) throw new PublisherError('DOCUMENT_INVALID', `政策依据第 ${index + 1} 项没有选择政策文件，或该文件未发布`);
    const { clauses, ...policy } = b.policy;
    return { policy, clauses: resolveClauses(b.clauses, clauses, policy, '政策依据') };
  });
  const channels = interpretation.channels.filter((c) => c.enabled !== false).map((c) => c.code);
  // An item without its own basis document rests on the interpretation's only one.
  const onlyBasis = interpretation.basis.length === 1 ? interpretation.basis[0].policy ?? null : null;
  const items = interpretation.items.map((item, index) => toItem(interpretation.documentId, index, item, item.policy ?? onlyBasis));
  const document: Interpretation = { ...interpretation, kind: 'interpretation', basis, channels, coverFocus, items };
  return { sourceVersion: updatedAt, document };
}

type ClauseSource = { number: string; title: string; text: string };
type PolicySource = { documentId: string; title: string; documentNumber: string; validFrom: string | null; validTo: string | null; clauses: ClauseSource[] };

/** Clause numbers as authors write them (第三条、第五条), resolved against the policy's clauses; an unknown one is refused by name. */
function resolveClauses(numbers: string, clauses: ClauseSource[], policy: { title: string; documentNumber: string }, what: string) {
  return parseClauseNumbers(numbers).map((number) => {
    const clause = clauses.find((c) => clauseAnchor(c.number) === clauseAnchor(number));
    if (!clause) throw new PublisherError('DOCUMENT_INVALID', `${what}引用的条款“${number}”在《${policy.title}》（${policy.documentNumber}）中不存在`);
    return { number: clause.number, anchor: clauseAnchor(clause.number), text: clause.text };
  });
}

function toItem(documentId: string, index: number, item: InterpretationSource['items'][number], policy: PolicySource | null): PolicyItem {
  const { clauses: numbers, policy: _own, ...fields } = item;
  if (!policy && numbers) throw new PublisherError('DOCUMENT_INVALID', `政策事项“${item.title}”引用了条款但没有选择依据文件`);
  const basis = policy && {
    documentId: policy.documentId, title: policy.title, documentNumber: policy.documentNumber, validFrom: policy.validFrom, validTo: policy.validTo,
    clauses: resolveClauses(numbers, policy.clauses, policy, `政策事项“${item.title}”`),
  };
  return { ...fields, key: `${documentId}#${index + 1}`, basis };
}

/** Content hash over the canonical JSON (keys sorted): equal documents, equal hash, whatever order Strapi used. */
export function contentHash(document: PublishedDocument): string {
  return createHash('sha256').update(canonicalJson(document)).digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
