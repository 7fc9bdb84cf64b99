import { channelFor, chinaToday, type Channel, type PublishedDocument } from '@tongyuan/channels';
import { validityFindings } from '../policies/validity-findings';
import { contentHash, toDocument, type DocumentKind } from '../domain/document';
import { PublisherError } from '../errors';
import type { Services } from '../services';

const recent = new Map<string, PreflightFinding[]>(); // by draft content and day

export interface PreflightFinding { channel: string; channelName: string; level: 'error' | 'warning' | 'info'; field: string; message: string }

/**
 * The author's draft as it stands in the CMS, read like a publication: null when the CMS has no
 * such document, a finding when it could not be published as it is.
 */
export async function readDraft(services: Services, kind: DocumentKind, documentId: string): Promise<{ document: PublishedDocument } | { invalid: PreflightFinding } | null> {
  const raw = await services.strapi.fetchDocument(kind, documentId, 'draft');
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
export function targetChannels(services: Services, document: PublishedDocument): Channel[] {
  if (document.kind !== 'interpretation') return services.channels.filter((c) => c.accepts(document));
  return document.channels.map((code) => channelFor(code)).filter((c) => c !== undefined);
}

/** What each target channel will say about a document before it is published. Errors are listed with what to fix; nothing is blocked silently. */
export async function preflightDocument(services: Services, kind: DocumentKind, documentId: string): Promise<{ findings: PreflightFinding[] } | null> {
  const draft = await readDraft(services, kind, documentId);
  if (draft === null) return null;
  if ('invalid' in draft) return { findings: [draft.invalid] };
  const findings: PreflightFinding[] = (await validityFindings(services, draft.document)).map((f) => ({ channel: '*', channelName: '全部渠道', ...f }));
  // Laid out as a render today would: the same links and the same date on cards and images.
  const ctx = { publicUrl: services.config.PUBLIC_URL, revisedOn: chinaToday() };
  // The panel asks every few seconds while a draft is open: a draft unchanged since is not laid out again.
  const key = `${contentHash(draft.document)}:${ctx.revisedOn}`;
  let channelFindings = recent.get(key);
  if (!channelFindings) {
    channelFindings = [];
    for (const channel of targetChannels(services, draft.document)) {
      for (const finding of await channel.preflight(draft.document, ctx)) channelFindings.push({ channel: channel.code, channelName: channel.name, ...finding });
    }
    if (recent.size >= 50) recent.delete(recent.keys().next().value as string);
    recent.set(key, channelFindings);
  }
  return { findings: [...findings, ...channelFindings] };
}
