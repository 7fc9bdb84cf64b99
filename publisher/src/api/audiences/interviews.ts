import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config';
import { InterviewLive } from '../../interviews/live-turns';
import type { Logger } from '../../logger';
import type { Db } from '../../store/db';
import { registerInterviewHooks, registerInterviewRoutes, type InterviewRouteDeps } from '../routes/interviews';
import { hookSecretGuard } from './cms-hooks';
import { audienceScope } from './scope';

export type InterviewDeps = Omit<InterviewRouteDeps, 'interviewLive'> & {
  db: Db; clock: () => Date; logger: Logger; config: Pick<Config, 'REDIS_URL' | 'QUEUE_PREFIX' | 'HOOK_SECRET'>;
};

/**
 * 在线访谈's live text, in two audiences: readers' live page and event stream (public), and the
 * CMS posting the editor's turns (hook secret). One Redis subscriber per API process, closed with it.
 */
export async function interviewPlugins(app: FastifyInstance, deps: InterviewDeps): Promise<void> {
  const interviewLive = new InterviewLive({ db: deps.db, redisUrl: deps.config.REDIS_URL, prefix: deps.config.QUEUE_PREFIX, clock: deps.clock, logger: deps.logger });
  app.addHook('onClose', async () => interviewLive.close());
  const routeDeps = { ...deps, interviewLive };
  await audienceScope(app, 'public', null, (scope) => registerInterviewRoutes(scope, routeDeps));
  await audienceScope(app, 'hook-secret', hookSecretGuard(deps), (scope) => registerInterviewHooks(scope, routeDeps));
}
