import type { FastifyInstance } from 'fastify';
import { eventOrRefuse } from '../../registrations/register';
import { recordCommentBook, type CommentBookDeps } from '../../registrations/comment-book';
import type { Db } from '../../store/db';

/**
 * 现场意见簿 for the CMS (hook secret), which has checked that the organizing department asks:
 *   POST /hooks/events/<documentId>/comments   { comments: string[] } → 201 { recorded: [{ receipt, duplicate }] }
 */
export type CommentBookRouteDeps = CommentBookDeps & { db: Db };

export function registerCommentBookHook(app: FastifyInstance, deps: CommentBookRouteDeps) {
  app.post<{ Params: { event: string }; Body: unknown }>('/hooks/events/:event/comments', { bodyLimit: 4 * 1024 * 1024 }, async (request, reply) => {
    const event = await eventOrRefuse(deps.db, request.params.event);
    const recorded = await recordCommentBook(deps, event, request.body);
    return reply.code(201).send({ recorded });
  });
}
