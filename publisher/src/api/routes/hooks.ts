import type { FastifyInstance } from 'fastify';
import { hookSecretMatches, HOOK_SECRET_HEADER, readHook } from '../../ingest/webhook';
import type { Reconciler } from '../../ingest/reconciler';
import { preflightDocument } from '../../pipeline/preflight';
import { previewDocument } from '../../pipeline/preview';
import { publicationStatus } from '../../pipeline/publication-status';
import type { DocumentKind } from '../../domain/document';
import type { Services } from '../../services';

/**
 * POST /hooks/strapi: Strapi tells us something changed. A wrong secret is refused with 401 and
 * nothing is queued; otherwise the document is queued for ingest (which re-reads it from the CMS).
 */
export function registerHookRoutes(app: FastifyInstance, services: Services, reconciler: Reconciler) {
  app.post('/hooks/strapi', { bodyLimit: 1024 * 1024 }, async (request, reply) => {
    if (!hookSecretMatches(request.headers[HOOK_SECRET_HEADER], services.config.HOOK_SECRET)) {
      services.logger.warn({ ip: request.ip }, 'webhook 密钥不正确，已拒绝');
      return reply.code(401).send({ error: 'HOOK_SECRET_INVALID', message: 'webhook 密钥不正确：请确认 CMS 与发布服务的 HOOK_SECRET 相同' });
    }
    const intent = readHook(request.body);
    if (intent.type === 'document') {
      await services.queues.enqueueIngest(intent.kind, intent.documentId, intent.version, 'webhook');
      return reply.code(202).send({ queued: intent.documentId });
    }
    if (intent.type === 'reference') {
      reconciler.requestRefetchAll();
      services.policies.forgetTags();
      return reply.code(202).send({ queued: 'all', because: intent.model });
    }
    if (intent.type === 'holidays') {
      void services.holidays.refresh(); // read in the background; a failure keeps the last good copy and is logged
      return reply.code(202).send({ queued: 'holidays' });
    }
    if (intent.type === 'question') {
      await services.queues.requestQuestionSweep();
      return reply.code(202).send({ queued: 'questions' });
    }
    return reply.code(202).send({ ignored: intent.reason });
  });

  /**
   * GET /hooks/publication/<documentId>: per-channel status (queued, rendering with progress,
   * live, failed with its reason) for the CMS's edit-view panel, behind the same shared secret.
   */
  app.get<{ Params: { documentId: string } }>('/hooks/publication/:documentId', async (request, reply) => {
    if (!hookSecretMatches(request.headers[HOOK_SECRET_HEADER], services.config.HOOK_SECRET)) {
      return reply.code(401).send({ error: 'HOOK_SECRET_INVALID', message: '密钥不正确：请确认 CMS 与发布服务的 HOOK_SECRET 相同' });
    }
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(request.params.documentId)) return reply.code(400).send({ error: 'BAD_INPUT', message: 'documentId 格式不正确' });
    const status = await publicationStatus(services, request.params.documentId);
    return reply.header('cache-control', 'no-store').send(status ?? { documentId: request.params.documentId, channels: [], notYetPublished: true });
  });

  /**
   * GET /hooks/preflight/<kind>/<documentId>: each target channel's findings on the current draft;
   * GET /hooks/preview/<kind>/<documentId>: its covers, 一图读懂, WeChat article and kiosk page. For the CMS panel.
   */
  const operations = { preflight: preflightDocument, preview: previewDocument };
  for (const [name, operation] of Object.entries(operations)) {
    app.get<{ Params: { kind: string; documentId: string } }>(`/hooks/${name}/:kind/:documentId`, async (request, reply) => {
      if (!hookSecretMatches(request.headers[HOOK_SECRET_HEADER], services.config.HOOK_SECRET)) {
        return reply.code(401).send({ error: 'HOOK_SECRET_INVALID', message: '密钥不正确：请确认 CMS 与发布服务的 HOOK_SECRET 相同' });
      }
      const { kind, documentId } = request.params;
      if (!['interpretation', 'policy-document'].includes(kind) || !/^[A-Za-z0-9_-]{1,64}$/.test(documentId)) {
        return reply.code(400).send({ error: 'BAD_INPUT', message: `应为 /hooks/${name}/interpretation|policy-document/<documentId>` });
      }
      const result = await operation(services, kind as DocumentKind, documentId);
      if (!result) return reply.code(404).send({ error: 'NOT_FOUND', message: 'CMS 中没有这篇内容' });
      return reply.header('cache-control', 'no-store').send(result);
    });
  }
}
