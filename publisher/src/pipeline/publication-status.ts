import type { PublicationQueries } from '../store/queries';
import type { RenditionRow } from '../store/schema';
import { silentNotice, silentReasonOf } from './narration-notes';

/**
 * Per-channel status of a document, for GraphQL's `publication`, /status and the CMS panel: with
 * when the latest revision goes live (a scheduled one waits as READY), who published it, and after
 * 取消发布 which channels it was taken off and when.
 */
export async function publicationStatus(services: { queries: Pick<PublicationQueries, 'document' | 'renditionsOf' | 'revisionMeta'> }, documentId: string, visibleChannels?: string[]) {
  const { queries } = services;
  const doc = await queries.document(documentId);
  if (!doc) return null;
  const rows = await queries.renditionsOf(documentId);
  const visible = (r: RenditionRow) => !visibleChannels || visibleChannels.includes(r.channel);
  const liveByChannel = new Map(rows.filter((r) => r.status === 'live').map((r) => [r.channel, r.hash]));
  const latest = rows.filter((r) => r.hash === doc.latest_hash && visible(r));
  const revision = doc.latest_hash ? await queries.revisionMeta(documentId, doc.latest_hash) : undefined;
  return {
    documentId,
    kind: doc.kind,
    title: doc.title,
    latestRevision: doc.latest_hash,
    goLiveAt: revision?.go_live_at ?? null,
    publishedBy: revision?.published_by ?? null,
    withdrawn: Boolean(doc.withdrawn_at),
    // The channels the withdrawal took it off (their renditions left in the same transaction, at the same time).
    withdrawal: doc.withdrawn_at ? {
      at: doc.withdrawn_at,
      channels: rows.filter((r) => r.status === 'withdrawn' && r.updated_at === doc.withdrawn_at && visible(r)).map((r) => ({ channel: r.channel, revision: r.hash, liveFrom: r.live_at })),
    } : null,
    problem: doc.problem,
    channels: latest.map((r) => ({
      channel: r.channel,
      status: r.status.toUpperCase(),
      progress: r.status === 'live' || r.status === 'ready' ? 100 : r.progress,
      revision: r.hash,
      reason: r.error_message,
      errorCode: r.error_code,
      // A video made without speech says so (the panel shows it beside the channel's state).
      notice: r.payload && (r.status === 'live' || r.status === 'ready') ? silentNoticeOf(JSON.parse(r.payload)) : null,
      liveRevision: liveByChannel.get(r.channel) ?? null,
      updatedAt: r.updated_at,
    })),
  };
}

/** Every revision with what each channel showed and when (so "what did the kiosk say on 1 March" has an answer). */
export async function revisionHistory(services: { queries: Pick<PublicationQueries, 'revisionsOf' | 'renditionsOf'> }, documentId: string, visibleChannels?: string[]) {
  const { queries } = services;
  const revisions = await queries.revisionsOf(documentId);
  const rows = (await queries.renditionsOf(documentId)).filter((r) => !visibleChannels || visibleChannels.includes(r.channel));
  const liveTimes = (channel: string) => rows.filter((r) => r.channel === channel && r.live_at).map((r) => r.live_at!).sort();
  return revisions.map((revision) => ({
    revision: revision.hash,
    createdAt: revision.created_at,
    publishedBy: revision.published_by,
    goLiveAt: revision.go_live_at,
    channels: rows.filter((r) => r.hash === revision.hash).map((r) => {
      const times = liveTimes(r.channel);
      const next = r.live_at ? times.find((t) => t > r.live_at!) : undefined;
      return {
        channel: r.channel,
        status: r.status.toUpperCase(),
        liveFrom: r.live_at,
        liveUntil: r.status === 'withdrawn' ? r.updated_at : (next ?? null),
        payload: r.payload ? JSON.parse(r.payload) : null,
      };
    }),
  }));
}

/**
 * The revision history as the CMS's edit view shows it: per revision who published it, when it was
 * recorded and goes live, its title, and what each channel showed from when to when (no payloads).
 */
export async function panelHistory(services: { queries: Pick<PublicationQueries, 'revisionsOf' | 'renditionsOf'> }, documentId: string) {
  const bodies = new Map((await services.queries.revisionsOf(documentId)).map((r) => [r.hash, r.body]));
  return (await revisionHistory(services, documentId)).map(({ channels, ...revision }) => ({
    ...revision,
    title: titleOf(bodies.get(revision.revision)),
    channels: channels.map(({ payload: _payload, ...channel }) => channel),
  }));
}

const titleOf = (body: string | undefined): string | null => {
  try {
    const title = body ? (JSON.parse(body) as { title?: unknown }).title : null;
    return typeof title === 'string' ? title : null;
  } catch {
    return null;
  }
};

const silentNoticeOf = (payload: unknown) => {
  const reason = silentReasonOf(payload);
  return reason ? silentNotice(reason) : null;
};
