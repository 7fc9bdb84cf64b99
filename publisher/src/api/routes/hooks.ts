import type { FastifyInstance } from 'fastify';
import { readHook } from '../../ingest/webhook';
import { asPreflightFinding, preflightDocument } from '../../pipeline/preflight';
import { checkTexts } from '../../norms/document-texts';
import { previewDocument } from '../../pipeline/preview';
import { previewPageHtml } from '../../pipeline/preview-page';
import { panelHistory, publicationStatus } from '../../pipeline/publication-status';
import type { Queues } from '../../pipeline/queues';
import type { HolidayTable } from '../../questions/holiday-table';
import type { NormsDictionary } from '../../norms/dictionary';
import type { DocumentKind } from '../../domain/document';
import type { ReferenceSignals } from '../../ingest/reference-signals';

/** The reconciler, as far as a webhook about reference data needs it. */
export interface RefetchAll { requestRefetchAll(): void }

export type HookRouteDeps = Parameters<typeof publicationStatus>[0] & Parameters<typeof panelHistory>[0] & Parameters<typeof preflightDocument>[0] & Parameters<typeof previewDocument>[0] & {
  queues: Queues;
  holidays: HolidayTable;
  norms: Pick<NormsDictionary, 'matcher' | 'matcherWithoutWaiting'>;
  /** Forgets the in-memory copies of reference data in this process and every other API replica and worker. */
  referenceSignals: Pick<ReferenceSignals, 'announce'>;
};

/**
 * The CMS's routes; the CMS-hooks plugin's guard has checked the shared secret before any of them runs.
 * POST /hooks/strapi: Strapi tells us something changed; the document is queued for ingest (which
 * re-reads it from the CMS).
 */
export function registerHookRoutes(app: FastifyInstance, services: HookRouteDeps, reconciler: RefetchAll) {
  // Compiled as the API starts, so the CMS's check before publishing does not wait for it (matcherWithoutWaiting).
  void services.norms.matcher().catch(() => undefined);
  app.post('/hooks/strapi', { bodyLimit: 1024 * 1024 }, async (request, reply) => {
    const intent = readHook(request.body);
    if (intent.type === 'document') {
      await services.queues.enqueueIngest(intent.kind, intent.documentId, intent.version, 'webhook');
      return reply.code(202).send({ queued: intent.documentId });
    }
    if (intent.type === 'reference') {
      if (intent.refetch) reconciler.requestRefetchAll();
      await services.referenceSignals.announce('reference'); // the tag catalogue and the county directory, in every process
      // A department or site renamed changes the canonical names the norms check with: everything live is checked again.
      await services.queues.requestWordingScan('norms');
      return reply.code(202).send({ queued: intent.refetch ? 'all' : 'reference', because: intent.model });
    }
    if (intent.type === 'holidays') {
      // Read in the background (a failure keeps the last good copy and is logged); the other processes then load the store's new copy.
      void services.holidays.refresh().then((outcome) => (outcome === 'updated' ? services.referenceSignals.announce('holidays') : undefined));
      return reply.code(202).send({ queued: 'holidays' });
    }
    if (intent.type === 'norms') {
      await services.referenceSignals.announce('norms');
      // Every live rendition is checked again with the changed dictionary, then the inspection counts per account.
      await services.queues.requestWordingScan('norms');
      await services.queues.requestInspection('表述规范库已更新');
      return reply.code(202).send({ queued: 'wording-scan' });
    }
    if (intent.type === 'question') {
      await services.queues.requestQuestionSweep();
      return reply.code(202).send({ queued: 'questions' });
    }
    return reply.code(202).send({ ignored: intent.reason });
  });

  /**
   * GET /hooks/publication/<documentId>: per-channel status (queued, rendering with progress,
   * live, failed with its reason) for the CMS's edit-view panel.
   */
  app.get<{ Params: { documentId: string } }>('/hooks/publication/:documentId', async (request, reply) => {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(request.params.documentId)) return reply.code(400).send({ error: 'BAD_INPUT', message: 'documentId 格式不正确' });
    const status = await publicationStatus(services, request.params.documentId);
    return reply.send(status ?? { documentId: request.params.documentId, channels: [], notYetPublished: true });
  });

  /** GET /hooks/history/<documentId>: every revision, who published it, and what each channel showed from when to when. */
  app.get<{ Params: { documentId: string } }>('/hooks/history/:documentId', async (request, reply) => {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(request.params.documentId)) return reply.code(400).send({ error: 'BAD_INPUT', message: 'documentId 格式不正确' });
    return reply.send({ revisions: await panelHistory(services, request.params.documentId) });
  });

  /**
   * POST /hooks/norms/check {texts: [{field, label, text}]}: the norms findings (表述规范库) in the
   * texts the CMS sends — a draft as it stands inside the CMS's own publishing transaction, which the
   * publisher could not read over the content API yet. The CMS refuses to publish a 严重 one.
   */
  app.post<{ Body: { texts?: unknown } }>('/hooks/norms/check', { bodyLimit: 4 * 1024 * 1024 }, async (request, reply) => {
    const texts = request.body?.texts;
    const valid = Array.isArray(texts) && texts.every((t) => t && typeof t.field === 'string' && typeof t.label === 'string' && typeof t.text === 'string');
    if (!valid) return reply.code(400).send({ error: 'BAD_INPUT', message: '应为 {texts: [{field, label, text}]}' });
    const matcher = await services.norms.matcherWithoutWaiting();
    return reply.send({ findings: checkTexts(matcher, texts).map(asPreflightFinding), dictionary: matcher.version });
  });

  /**
   * GET /hooks/preflight/<kind>/<documentId>: each target channel's findings on the current draft;
   * GET /hooks/preview/<kind>/<documentId>: what it looks like on each target channel (pages, images, storyboards);
   * GET /hooks/preview-page/<kind>/<documentId>: the same as one HTML page, which the CMS shows in Strapi's Preview.
   */
  const operations = { preflight: preflightDocument, preview: previewDocument, 'preview-page': previewPageHtml };
  for (const [name, operation] of Object.entries(operations)) {
    app.get<{ Params: { kind: string; documentId: string } }>(`/hooks/${name}/:kind/:documentId`, async (request, reply) => {
      const { kind, documentId } = request.params;
      if (!['interpretation', 'policy-document', 'event'].includes(kind) || !/^[A-Za-z0-9_-]{1,64}$/.test(documentId)) {
        return reply.code(400).send({ error: 'BAD_INPUT', message: `应为 /hooks/${name}/interpretation|policy-document|event/<documentId>` });
      }
      const result = await operation(services, kind as DocumentKind, documentId);
      if (!result) return reply.code(404).send({ error: 'NOT_FOUND', message: 'CMS 中没有这篇内容' });
      if (typeof result === 'string') reply.type('text/html; charset=utf-8');
      return reply.send(result);
    });
  }
}
