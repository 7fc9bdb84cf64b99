import { createHash } from 'node:crypto';
import { PublisherError } from '../errors';
import { clauseAnchor, parseClauseNumbers } from '@tongyuan/channels';
import type { Interpretation, PolicyDocument, PublishedDocument } from '@tongyuan/channels';
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
    return {
      sourceVersion: updatedAt,
      document: { ...policy, kind: 'policy-document', clauses: policy.clauses.map((c) => ({ ...c, anchor: clauseAnchor(c.number) })) } satisfies PolicyDocument,
    };
  }
  const { coverFocusX, coverFocusY, ...interpretation } = source as Omit<InterpretationSource, 'publishedAt' | 'updatedAt'>;
  // A focal point needs both coordinates; one alone is treated as none (the cropper finds the subject).
  const coverFocus = coverFocusX != null && coverFocusY != null ? { x: coverFocusX, y: coverFocusY } : null;
  const basis = interpretation.basis.map((b, index) => {
    if (!b.policy) throw new PublisherError('DOCUMENT_INVALID', `政策依据第 ${index + 1} 项没有选择政策文件，或该文件未发布`);
    const { clauses, ...policy } = b.policy;
    const resolved = parseClauseNumbers(b.clauses).map((number) => {
      const clause = clauses.find((c) => clauseAnchor(c.number) === clauseAnchor(number));
      if (!clause) {
        throw new PublisherError('DOCUMENT_INVALID', `政策依据引用的条款“${number}”在《${policy.title}》（${policy.documentNumber}）中不存在`);
      }
      return { number: clause.number, anchor: clauseAnchor(clause.number), text: clause.text };
    });
    return { policy, clauses: resolved };
  });
  const channels = interpretation.channels.filter((c) => c.enabled !== false).map((c) => c.code);
  const document: Interpretation = { ...interpretation, kind: 'interpretation', basis, channels, coverFocus };
  return { sourceVersion: updatedAt, document };
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
