import { z } from 'zod';

/**
 * The one description of what authors publish, as Strapi's REST API returns it (populated).
 * The publisher validates every fetched document with it; the published types (types.ts) are
 * derived from it, and a test holds Strapi's own schema to it (cms/src/validation). A field added
 * here flows through to every channel's document without another declaration.
 */
const text = z.string().nullish().transform((v) => v ?? '');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullish().transform((v) => v ?? null);
const named = z.object({ code: z.string(), name: z.string() });
/** A channel's code; which codes exist is the channels' registry's business, not the document's. */
const channelCode = z.string().min(1);

const media = z
  .object({ url: z.string(), mime: z.string(), width: z.number().nullish(), height: z.number().nullish(), alternativeText: text })
  .transform((m) => ({ url: m.url, mime: m.mime, width: m.width ?? null, height: m.height ?? null, alt: m.alternativeText }));

const tag = z
  .object({ code: z.string(), name: z.string(), exclusionGroup: z.string().nullish(), dimension: named.nullish() })
  .transform((t) => ({ code: t.code, name: t.name, dimension: t.dimension?.code ?? '', dimensionName: t.dimension?.name ?? '', exclusionGroup: t.exclusionGroup ?? null }));

const site = z.object({ code: z.string(), name: z.string(), kind: z.string() });

export const clauseSchema = z.object({ number: z.string(), title: text, text: z.string() });

const policyRef = z.object({
  documentId: z.string(),
  title: z.string(),
  documentNumber: z.string(),
  validFrom: date,
  validTo: date,
  clauses: z.array(clauseSchema).default([]),
});

/** A matchable item; `policy` is its basis document (an interpretation's item names one, a policy document's is itself). */
const item = z.object({
  title: z.string().min(1, '政策事项缺少名称'),
  who: text,
  what: text,
  amount: text,
  howToApply: text,
  tags: z.array(tag).default([]),
  clauses: text,
  policy: policyRef.nullish().transform((v) => v ?? null),
});

const kioskTerminal = named
  .extend({ orientation: z.enum(['portrait', 'landscape']).nullish(), staleAfterHours: z.number().int().positive().nullish() })
  .transform((t) => ({ code: t.code, name: t.name, orientation: t.orientation ?? ('portrait' as const), staleAfterHours: t.staleAfterHours ?? null }));

const tvStation = named.extend({
  format: z.string().nullish().transform((v) => v ?? null),
  tickerMaxChars: z.number().int().positive().nullish().transform((v) => v ?? null),
  /** How its playout system reads the 滚动字幕 file: utf-8, gbk or gb18030, and lf or crlf line ends (the TV channel reads them). */
  tickerEncoding: z.string().nullish(),
  tickerLineEnding: z.string().nullish(),
});

const instant = z.string().refine((v) => !Number.isNaN(Date.parse(v)), '不是有效的时间');
const link = z.string().nullish().transform((v) => (v && v.trim() ? v.trim() : null));
/** Present only when it has something (an empty one is left out, so documents without it keep their hash). */
const some = <T extends z.ZodType>(element: T) => z.array(element).nullish().transform((v) => (v && v.length > 0 ? v : undefined)).optional();

/** 在线访谈 (format 'interview'): a guest, one turn of the transcript (嘉宾、主持人 or 网友提问), a question from the public answered on air (its public wording only: never who asked). */
const guest = z.object({ name: z.string(), title: text, department: text });
const turn = z.object({
  speaker: z.string(),
  text: z.string(),
  offsetSeconds: z.number().int().min(0).nullish().transform((v) => v ?? null),
  /** 精彩片段: a quote chosen for the short video's caption cards. */
  highlight: z.boolean().nullish().transform((v) => v ?? false),
});
const answeredOnAir = z.object({ publicQuestion: text, answer: text });

export const interpretationSchema = z.object({
  documentId: z.string(),
  slug: z.string().min(1, '解读缺少 slug（网址名）'),
  title: z.string().min(1, '解读缺少标题'),
  digest: text,
  body: text,
  keyPoints: z.array(z.object({ heading: z.string(), text: z.string() })).default([]),
  qa: z.array(z.object({ question: z.string(), answer: z.string() })).default([]),
  basis: z.array(z.object({ policy: policyRef.nullish(), clauses: text })).default([]),
  department: named.extend({ hotline: text }).nullish().transform((v) => v ?? null),
  interpreters: z.array(z.object({ code: z.string(), name: z.string(), title: text })).default([]),
  /** A brand column may carry its own opening and closing idents (片头音频、片尾音频) for the audio programme; absent ones are left out of the document. */
  brandColumn: named.extend({
    openingIdent: media.nullish().transform((v) => v ?? undefined).optional(),
    closingIdent: media.nullish().transform((v) => v ?? undefined).optional(),
  }).nullish().transform((v) => v ?? null),
  format: z.string().nullish().transform((v) => v ?? 'graphic_text'),
  cover: media.nullish().transform((v) => v ?? null),
  /** 人声配音: a recording of the narration script read by a person, used instead of synthetic speech; absent, it is left out of the document. */
  narrationRecording: media.nullish().transform((v) => v ?? undefined).optional(),
  /** 在线访谈: guests, when it airs, its recording (video or audio) or live stream, the transcript in turns, the public's questions answered on air; absent ones are left out. */
  guests: some(guest),
  interviewStartsAt: instant.nullish().transform((v) => v ?? undefined).optional(),
  interviewEndsAt: instant.nullish().transform((v) => v ?? undefined).optional(),
  interviewRecording: media.nullish().transform((v) => v ?? undefined).optional(),
  interviewStreamUrl: link.transform((v) => v ?? undefined).optional(),
  transcript: some(turn),
  answeredOnAir: some(answeredOnAir),
  coverFocusX: z.number().min(0).max(100).nullish(),
  coverFocusY: z.number().min(0).max(100).nullish(),
  images: z.array(media).nullish().transform((v) => v ?? []),
  channels: z.array(z.object({ code: channelCode, enabled: z.boolean().nullish() })).default([]),
  sites: z.array(site).default([]),
  kioskTerminals: z.array(kioskTerminal).default([]),
  screeningRegions: z.array(named).default([]),
  /** 电视台: the TV stations it is sent to, each with the format it asks for and its 滚动字幕 length limit. */
  tvStations: z.array(tvStation).default([]),
  overrides: z.array(z.object({ channel: channelCode, title: text, digest: text, text: text, narration: text })).default([]),
  tags: z.array(tag).default([]),
  items: z.array(item).default([]),
  goLiveAt: z.string().nullish().transform((v) => v ?? null),
  /** 重要信息转载: the counties (区县) the city or province office asks to repost it, and within how many days. */
  repostCounties: z.array(named).default([]),
  repostWithinDays: z.number().int().positive().nullish().transform((v) => v ?? null),
  /** A county's repost (一键转载) names the original it carries, and whose it was. */
  repostOf: z.object({ documentId: z.string(), title: z.string(), department: named.nullish().transform((v) => v ?? null) }).nullish().transform((v) => v ?? null),
  publishedAt: z.string(),
  updatedAt: z.string(),
});

export const policyDocumentSchema = z.object({
  documentId: z.string(),
  title: z.string().min(1, '政策文件缺少标题'),
  documentNumber: z.string().min(1, '政策文件缺少文号'),
  issuingDepartment: named.nullish().transform((v) => v ?? null),
  issuedDate: date,
  validFrom: date,
  validTo: date,
  supersedes: z.object({ documentId: z.string(), title: z.string(), documentNumber: z.string() }).nullish().transform((v) => v ?? null),
  clauses: z.array(clauseSchema).default([]),
  fullText: text,
  tags: z.array(tag).default([]),
  items: z.array(item).default([]),
  lists: z.array(named.extend({ description: text })).default([]),
  sites: z.array(site).default([]),
  publishedAt: z.string(),
  updatedAt: z.string(),
});

/**
 * 开放活动: a government open day, week or month event — who organizes it (department, county),
 * when (instants, read in China time), where (a place, or online: a live stream and a VR tour),
 * for whom and how many (capacity null: no registration), and the registration window.
 */
export const openEventSchema = z.object({
  documentId: z.string(),
  slug: z.string().min(1, '活动缺少 slug（网址名）'),
  title: z.string().min(1, '开放活动缺少主题'),
  digest: text,
  body: text,
  department: named.extend({ documentId: z.string(), hotline: text }).nullish().transform((v) => v ?? null),
  county: named.nullish().transform((v) => v ?? null),
  startsAt: instant,
  endsAt: instant,
  place: z.string().nullish().transform((v) => (v && v.trim() ? v.trim() : null)),
  liveUrl: link,
  vrUrl: link,
  audience: text,
  capacity: z.number().int().positive().nullish().transform((v) => v ?? null),
  registrationOpensAt: instant.nullish().transform((v) => v ?? null),
  registrationClosesAt: instant.nullish().transform((v) => v ?? null),
  bring: text,
  accessibility: text,
  cover: media.nullish().transform((v) => v ?? null),
  channels: z.array(z.object({ code: channelCode, enabled: z.boolean().nullish() })).default([]),
  sites: z.array(site).default([]),
  kioskTerminals: z.array(kioskTerminal).default([]),
  publishedAt: z.string(),
  updatedAt: z.string(),
});

/** Each document kind's schema, by the kind name the publisher stores. */
export const DOCUMENT_SCHEMAS = { interpretation: interpretationSchema, 'policy-document': policyDocumentSchema, event: openEventSchema } as const;

/** Fields every fetched document has that are Strapi's bookkeeping, not content. */
export const BOOKKEEPING_FIELDS = ['documentId', 'publishedAt', 'updatedAt'] as const;

/**
 * Fields Strapi keeps that the published document leaves out on purpose: the review stage and the
 * reviewer's 退回意见 are the CMS's workflow, and attachments are for the authors (channels cite the
 * full text instead).
 */
export const CMS_ONLY_FIELDS: Record<keyof typeof DOCUMENT_SCHEMAS, readonly string[]> = {
  interpretation: ['stage', 'returnReason'],
  'policy-document': ['attachments'],
  event: ['stage', 'returnReason'],
};

export type InterpretationSource = z.output<typeof interpretationSchema>;
export type PolicyDocumentSource = z.output<typeof policyDocumentSchema>;
export type OpenEventSource = z.output<typeof openEventSchema>;
export type ClauseSource = z.output<typeof clauseSchema>;
export type PolicyItemSource = z.output<typeof item>;
export type PolicyRefSource = z.output<typeof policyRef>;
export type Named = z.output<typeof named>;
export type Media = z.output<typeof media>;
/** A tag in one of the CMS's tag dimensions; tags of one dimension sharing an exclusion group cannot both apply to one profile. */
export type Tag = z.output<typeof tag>;
export type SiteRef = z.output<typeof site>;
export type KioskTerminalRef = z.output<typeof kioskTerminal>;
export type InterviewGuest = z.output<typeof guest>;
export type InterviewTurn = z.output<typeof turn>;
