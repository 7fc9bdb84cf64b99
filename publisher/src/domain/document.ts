import { createHash } from 'node:crypto';
import { CHANNEL_CODES } from '@tongyuan/channels';
import {
  clauseAnchor, DOCUMENT_SCHEMAS, openEventProblems, parseClauseNumbers, sameClause,
  type ClauseSource, type DocumentKind, type Interpretation, type InterpretationSource, type OpenEvent, type OpenEventSource, type PolicyDocument, type PolicyDocumentSource,
  type PolicyItem, type PolicyRefSource, type PublishedDocument,
} from '@tongyuan/document';
import type { z } from 'zod';
import { PublisherError } from '../errors';

export type { DocumentKind } from '@tongyuan/document';

/** Validates Strapi's response into the domain model; a refusal says which field and why. */
export function toDocument<K extends DocumentKind>(kind: K, raw: unknown): { document: Extract<PublishedDocument, { kind: K }>; sourceVersion: string } {
  const { document, sourceVersion } = anyDocument(kind, raw);
  return { document: document as Extract<PublishedDocument, { kind: K }>, sourceVersion };
}

function anyDocument(kind: DocumentKind, raw: unknown): { document: PublishedDocument; sourceVersion: string } {
  const parsed = (DOCUMENT_SCHEMAS[kind] as z.ZodType<z.output<(typeof DOCUMENT_SCHEMAS)[DocumentKind]>>).safeParse(raw);
  const problems = parsed.success ? unknownChannels(parsed.data) : parsed.error.issues.map((i) => `${i.path.join('.') || '(根)'}：${i.message}`);
  if (!parsed.success || problems.length > 0) {
    throw new PublisherError('DOCUMENT_INVALID', `内容不符合发布要求：${problems.join('；')}`, { details: { problems } });
  }
  const { publishedAt: _p, updatedAt, ...source } = parsed.data;
  if (kind === 'event') {
    const event = source as Omit<OpenEventSource, 'publishedAt' | 'updatedAt'>;
    // The CMS refuses these on save; a document arriving otherwise (the API, an older draft) is refused here by the same rules.
    const problems = openEventProblems(event);
    if (problems.length > 0) throw new PublisherError('DOCUMENT_INVALID', `内容不符合发布要求：${problems.join('；')}`, { details: { problems } });
    const channels = event.channels.filter((c) => c.enabled !== false).map((c) => c.code);
    return { sourceVersion: updatedAt, document: { ...event, kind: 'event', channels } satisfies OpenEvent };
  }
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

/** The kernel leaves channel codes open; which exist is the channels' registry's word. */
function unknownChannels(source: InterpretationSource | PolicyDocumentSource | OpenEventSource): string[] {
  if (!('channels' in source)) return [];
  const known = (code: string) => (CHANNEL_CODES as readonly string[]).includes(code);
  return [
    ...source.channels.map((c, i) => [`channels.${i}.code`, c.code] as const),
    ...('overrides' in source ? source.overrides : []).map((o, i) => [`overrides.${i}.channel`, o.channel] as const),
  ].filter(([, code]) => !known(code)).map(([path, code]) => `${path}：未知渠道“${code}”（可选 ${CHANNEL_CODES.join(', ')}）`);
}

/** Clause numbers as authors write them (第三条、第五条), resolved against the policy's clauses; an unknown one is refused by name. */
function resolveClauses(numbers: string, clauses: ClauseSource[], policy: { title: string; documentNumber: string }, what: string) {
  return parseClauseNumbers(numbers).map((number) => {
    const clause = clauses.find((c) => sameClause(c.number, number));
    if (!clause) throw new PublisherError('DOCUMENT_INVALID', `${what}引用的条款“${number}”在《${policy.title}》（${policy.documentNumber}）中不存在`);
    return { number: clause.number, anchor: clauseAnchor(clause.number), text: clause.text };
  });
}

function toItem(documentId: string, index: number, item: InterpretationSource['items'][number], policy: PolicyRefSource | null): PolicyItem {
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
