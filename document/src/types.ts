import type {
  ClauseSource, InterpretationSource, OpenEventSource, PolicyDocumentSource, PolicyItemSource, PolicyRefSource,
} from './schema';

/**
 * A published document as every channel sees it: validated from the CMS (schema.ts), basis clauses
 * resolved, nothing channel-specific. Derived from the schema, so a field added there is here too;
 * only what the publisher resolves (clauses, items, targets, the cover's focus) is declared.
 */
/** A clause with its stable anchor; a basis clause carries no title. */
export type Clause = Omit<ClauseSource, 'title'> & { anchor: string; title?: string };

/** A policy document as a basis names it: who it is and when it applies. */
export type PolicyRef = Omit<PolicyRefSource, 'clauses'>;

/**
 * A matchable policy item (Shanxi's "policies find people"): the concrete benefit — who, what, how
 * much, how to apply — tagged in the tag dimensions, with the basis clauses it rests on.
 */
export type PolicyItem = Omit<PolicyItemSource, 'clauses' | 'policy'> & {
  key: string;
  basis: (PolicyRef & { clauses: Clause[] }) | null;
};

export type Override = InterpretationSource['overrides'][number];
export type PolicyListRef = PolicyDocumentSource['lists'][number];

type Bookkeeping = 'publishedAt' | 'updatedAt';

export type Interpretation = Omit<InterpretationSource, Bookkeeping | 'basis' | 'channels' | 'items' | 'coverFocusX' | 'coverFocusY'> & {
  kind: 'interpretation';
  basis: Array<{ policy: PolicyRef; clauses: Clause[] }>;
  /** The channels it targets (enabled ones only). */
  channels: string[];
  /** Where the cover photo's subject is (percent from left and top); null lets the cropper find it. */
  coverFocus: { x: number; y: number } | null;
  items: PolicyItem[];
};

export type PolicyDocument = Omit<PolicyDocumentSource, Bookkeeping | 'clauses' | 'items'> & {
  kind: 'policy-document';
  clauses: Clause[];
  items: PolicyItem[];
};

/**
 * 开放活动 as every channel sees it. Times are instants (ISO 8601, UTC as Strapi stores them) and
 * are shown in China time; `capacity` null means the event takes no registration, and the
 * registration window (null ends: open from publication / until the start) applies only with one.
 */
export type OpenEvent = Omit<OpenEventSource, Bookkeeping | 'channels'> & {
  kind: 'event';
  /** The channels it targets (enabled ones only). */
  channels: string[];
};

export type PublishedDocument = Interpretation | PolicyDocument | OpenEvent;
export type DocumentKind = PublishedDocument['kind'];

/** The interpretation formats authors choose from (Strapi's `format` enumeration), as readers see them. */
export const FORMAT_LABELS: Record<string, string> = {
  graphic_text: '图文', explainer_image: '一图读懂', animation: '动漫', sketch: '情景剧', qa: '问答', narration: '解说', interview: '访谈',
};

export function overrideFor(doc: Interpretation, channel: string): Override | undefined {
  return doc.overrides.find((o) => o.channel === channel);
}

/** Whom to call when the department has filed no hotline: the 12345 government service line (every channel says the same). */
export const GOVERNMENT_HOTLINE = '12345';

/** A basis entry as one line, the way every channel cites it: 《title》（文号）第一条、第二条. */
export function basisLine(basis: Interpretation['basis'][number]): string {
  return `《${basis.policy.title}》（${basis.policy.documentNumber}）${basis.clauses.map((c) => c.number).join('、')}`;
}

/** The last day an interpretation applies: the earliest end of its basis documents' validity (null: open-ended). */
export function validUntil(doc: Interpretation): string | null {
  return doc.basis.map((b) => b.policy.validTo).filter((d): d is string => !!d).sort()[0] ?? null;
}
