import { channelFor } from '@tongyuan/channels';
import { toDocument, type DocumentKind } from '../domain/document';
import { PublisherError } from '../errors';
import type { Services } from '../services';

export interface PreflightFinding { channel: string; channelName: string; level: 'error' | 'warning' | 'info'; field: string; message: string }

/**
 * What each target channel will say about a document before it is published: the author's draft
 * as it stands in the CMS, read like a publication and checked by every channel it targets.
 * Errors are listed with what to fix; nothing is blocked silently.
 */
export async function preflightDocument(services: Services, kind: DocumentKind, documentId: string): Promise<{ findings: PreflightFinding[] } | null> {
  const raw = await services.strapi.fetchDocument(kind, documentId, 'draft');
  if (raw === null) return null;
  let document;
  try {
    // A draft has no publication time yet; everything else is read exactly as at publishing.
    document = toDocument(kind, { ...(raw as object), publishedAt: (raw as { publishedAt?: string }).publishedAt ?? new Date().toISOString() }).document;
  } catch (error) {
    if (error instanceof PublisherError && error.code === 'DOCUMENT_INVALID') {
      return { findings: [{ channel: '*', channelName: '全部渠道', level: 'error', field: '', message: error.message }] };
    }
    throw error;
  }
  const targets = document.kind === 'interpretation'
    ? document.channels.map((code) => channelFor(code)).filter((c) => c !== undefined)
    : services.channels.filter((c) => c.accepts(document));
  const findings: PreflightFinding[] = [];
  for (const channel of targets) {
    for (const finding of channel.preflight(document)) findings.push({ channel: channel.code, channelName: channel.name, ...finding });
  }
  return { findings };
}
