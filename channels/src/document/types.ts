/**
 * A published document as every channel sees it: normalized from the CMS, basis clauses
 * resolved, nothing channel-specific. The publisher builds it (publisher/src/domain); channels
 * only read it.
 */
export const CHANNEL_CODES = ['web', 'feeds', 'wechat', 'weibo', 'kiosk', 'cinema', 'short-video', 'policy-match'] as const;
export type ChannelCode = (typeof CHANNEL_CODES)[number];

export interface Named { code: string; name: string }
export interface Media { url: string; mime: string; width: number | null; height: number | null; alt: string }
/** A tag in one of the CMS's tag dimensions; tags of one dimension sharing an exclusion group cannot both apply to one profile. */
export interface Tag { code: string; name: string; dimension: string; dimensionName: string; exclusionGroup: string | null }

/**
 * A matchable policy item (Shanxi's "policies find people"): the concrete benefit — who, what, how
 * much, how to apply — tagged in the tag dimensions, with the basis clauses it rests on.
 */
export interface PolicyItem {
  key: string;
  title: string;
  who: string;
  what: string;
  amount: string;
  howToApply: string;
  tags: Tag[];
  basis: { documentId: string; title: string; documentNumber: string; validFrom: string | null; validTo: string | null; clauses: Clause[] } | null;
}
export interface SiteRef { code: string; name: string; kind: string }
export interface PolicyListRef extends Named { description: string }
export interface Clause { number: string; anchor: string; title?: string; text: string }
export interface KioskTerminalRef extends Named { orientation: 'portrait' | 'landscape'; staleAfterHours: number | null }
export interface Override { channel: ChannelCode; title: string; digest: string; text: string; narration: string }

export interface Interpretation {
  kind: 'interpretation';
  documentId: string;
  slug: string;
  title: string;
  digest: string;
  /** Markdown as authored; channels sanitize it with their own allow-list. */
  body: string;
  keyPoints: Array<{ heading: string; text: string }>;
  qa: Array<{ question: string; answer: string }>;
  basis: Array<{
    policy: { documentId: string; title: string; documentNumber: string; validFrom: string | null; validTo: string | null };
    clauses: Clause[];
  }>;
  department: (Named & { hotline: string }) | null;
  interpreters: Array<Named & { title: string }>;
  brandColumn: Named | null;
  format: string;
  cover: Media | null;
  /** Where the cover photo's subject is (percent from left and top); null lets the cropper find it. */
  coverFocus: { x: number; y: number } | null;
  images: Media[];
  channels: ChannelCode[];
  sites: SiteRef[];
  kioskTerminals: KioskTerminalRef[];
  screeningRegions: Named[];
  overrides: Override[];
  tags: Tag[];
  items: PolicyItem[];
  goLiveAt: string | null;
}

export interface PolicyDocument {
  kind: 'policy-document';
  documentId: string;
  title: string;
  documentNumber: string;
  issuingDepartment: Named | null;
  issuedDate: string | null;
  validFrom: string | null;
  validTo: string | null;
  supersedes: { documentId: string; title: string; documentNumber: string } | null;
  clauses: Clause[];
  fullText: string;
  tags: Tag[];
  items: PolicyItem[];
  /** The 政策清单 it is on (Juxian's two dynamically managed lists). */
  lists: PolicyListRef[];
  sites: SiteRef[];
}

export type PublishedDocument = Interpretation | PolicyDocument;

export const FORMAT_LABELS: Record<string, string> = {
  graphic_text: '图文', explainer_image: '一图读懂', animation: '动漫', sketch: '情景剧', qa: '问答', narration: '解说', interview: '访谈',
};

export function overrideFor(doc: Interpretation, channel: ChannelCode): Override | undefined {
  return doc.overrides.find((o) => o.channel === channel);
}

/** A basis entry as one line, the way every channel cites it: 《title》（文号）第一条、第二条. */
export function basisLine(basis: Interpretation['basis'][number]): string {
  return `《${basis.policy.title}》（${basis.policy.documentNumber}）${basis.clauses.map((c) => c.number).join('、')}`;
}

/** The last day an interpretation applies: the earliest end of its basis documents' validity (null: open-ended). */
export function validUntil(doc: Interpretation): string | null {
  return doc.basis.map((b) => b.policy.validTo).filter((d): d is string => !!d).sort()[0] ?? null;
}
