import { channelFor, chinaToday, type AnyChannel, type PublishedDocument } from '@tongyuan/channels';
import type { Config } from '../config';
import type { StrapiClient } from '../ingest/strapi-client';
import { validityFindings } from '../policies/validity-findings';
import { contentHash, toDocument, type DocumentKind } from '../domain/document';
import { PublisherError } from '../errors';
import { checkDocument, type PlacedFinding } from '../norms/document-texts';
import type { NormsDictionary } from '../norms/dictionary';

const recent = new Map<string, PreflightFinding[]>(); // by draft content and day

export interface PreflightFinding {
  channel: string; channelName: string; level: 'error' | 'warning' | 'info'; field: string; message: string;
  /** A norms finding's one-click fix: replace `found` at [start, end) of the field's text with `replace`. */
  fix?: { found: string; replace: string; start: number; end: number };
  /** A norms finding (表述规范库): the wrong form where it stands in its sentence, for the panel to highlight. */
  norms?: { severity: 'serious' | 'general'; found: string; start: number; end: number; before: string; after: string; label: string };
}

/**
 * The author's draft as it stands in the CMS, read like a publication: null when the CMS has no
 * such document, a finding when it could not be published as it is.
 */
export async function readDraft(deps: { strapi: Pick<StrapiClient, 'fetchDocument'> }, kind: DocumentKind, documentId: string): Promise<{ document: PublishedDocument } | { invalid: PreflightFinding } | null> {
  const raw = await deps.strapi.fetchDocument(kind, documentId, 'draft');
  if (raw === null) return null;
  try {
    // A draft has no publication time yet; everything else is read exactly as at publishing.
    return { document: toDocument(kind, { ...(raw as object), publishedAt: (raw as { publishedAt?: string }).publishedAt ?? new Date().toISOString() }).document };
  } catch (error) {
    if (error instanceof PublisherError && error.code === 'DOCUMENT_INVALID') {
      return { invalid: { channel: '*', channelName: '全部渠道', level: 'error', field: '', message: error.message } };
    }
    throw error;
  }
}

/** The channels of this deployment a document goes to: an interpretation names them, a policy document is taken by whoever accepts it. */
export function targetChannels(deps: { channels: AnyChannel[] }, document: PublishedDocument): AnyChannel[] {
  if (document.kind !== 'interpretation') return deps.channels.filter((c) => c.accepts(document));
  return document.channels.map((code) => channelFor(code)).filter((c) => c !== undefined);
}

/** What preflight needs: the draft, the channels, the public address (links are laid out with it) and what validity findings read. */
export type PreflightDeps = Parameters<typeof validityFindings>[0] & {
  strapi: Pick<StrapiClient, 'fetchDocument'> & Partial<Pick<StrapiClient, 'fetchMedia'>>; channels: AnyChannel[]; config: Pick<Config, 'PUBLIC_URL'>; norms: Pick<NormsDictionary, 'matcher'>;
};

/** What each target channel will say about a document before it is published. Errors are listed with what to fix; nothing is blocked silently. */
export async function preflightDocument(deps: PreflightDeps, kind: DocumentKind, documentId: string): Promise<{ findings: PreflightFinding[] } | null> {
  const draft = await readDraft(deps, kind, documentId);
  if (draft === null) return null;
  if ('invalid' in draft) return { findings: [draft.invalid] };
  const findings: PreflightFinding[] = (await validityFindings(deps, draft.document)).map((f) => ({ channel: '*', channelName: '全部渠道', ...f }));
  findings.push(...normsFindings(await deps.norms.matcher(), draft.document));
  // Laid out as a render today would: the same links and the same date on cards and images.
  // Uploads a channel looks at before publishing (人声配音) are read as a render reads them.
  // The audio programme and both videos look at the same recording: downloaded once per check.
  const fetchMedia = deps.strapi.fetchMedia?.bind(deps.strapi);
  const fetched = new Map<string, Promise<Buffer>>();
  const readMedia = (media: { url: string }, maxBytes: number) => {
    const key = `${maxBytes}:${media.url}`;
    if (!fetched.has(key)) fetched.set(key, fetchMedia!(media.url, maxBytes));
    return fetched.get(key)!;
  };
  const ctx = { publicUrl: deps.config.PUBLIC_URL, revisedOn: chinaToday(deps.clock), ...(fetchMedia ? { readMedia } : {}) };
  // The panel asks every few seconds while a draft is open: a draft unchanged since is not laid out again.
  const key = `${contentHash(draft.document)}:${ctx.revisedOn}`;
  let channelFindings = recent.get(key);
  if (!channelFindings) {
    channelFindings = [];
    for (const channel of targetChannels(deps, draft.document)) {
      for (const finding of await channel.preflight(draft.document, ctx)) channelFindings.push({ channel: channel.code, channelName: channel.name, ...finding });
    }
    if (recent.size >= 50) recent.delete(recent.keys().next().value as string);
    recent.set(key, channelFindings);
  }
  return { findings: [...findings, ...channelFindings] };
}

/**
 * The norms check (表述规范库) on every text the channels will show: a 严重 finding is an error (it
 * stops 办公室签发 unless overridden), a 一般 one a warning; each carries its one-click fix.
 */
function normsFindings(matcher: Awaited<ReturnType<NormsDictionary['matcher']>>, document: PublishedDocument): PreflightFinding[] {
  return checkDocument(matcher, document).map(asPreflightFinding);
}

/** A norms finding as 发布前检查 lists it (and the CMS's check before publishing reads it). */
export function asPreflightFinding(f: PlacedFinding): PreflightFinding {
  return {
    channel: '*', channelName: '全部渠道', level: f.severity === 'serious' ? 'error' : 'warning', field: f.field,
    message: `${f.label}：${f.message}`,
    ...(f.suggestion ? { fix: { found: f.found, replace: f.suggestion, start: f.start, end: f.end } } : {}),
    norms: { severity: f.severity, found: f.found, start: f.start, end: f.end, before: f.before, after: f.after, label: f.label },
  };
}
