import fastifyBasicAuth from '@fastify/basic-auth';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { secretMatches as same } from '@tongyuan/document';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config';
import { registerStatusRoutes, type StatusRouteDeps } from '../routes/ops';
import { registerReportRoutes, type ReportRouteDeps } from '../routes/reports';
import { registerWordingStatusRoutes, type WordingStatusDeps } from '../routes/wording-status';
import { audienceScope } from './scope';

export type StaffDeps = StatusRouteDeps & ReportRouteDeps & WordingStatusDeps & { config: Pick<Config, 'ADMIN_USER' | 'ADMIN_PASSWORD'> };

/**
 * Staff pages (status, metrics, inspection, annual report, the queue board), behind one guard:
 * basic auth with ADMIN_USER / ADMIN_PASSWORD.
 */
export async function staffPlugin(app: FastifyInstance, deps: StaffDeps): Promise<void> {
  await app.register(async (outer) => {
    await outer.register(fastifyBasicAuth, {
      authenticate: { realm: 'tongyuan-ops' },
      validate: async (username, password) => {
        if (!(same(username, deps.config.ADMIN_USER) && same(password, deps.config.ADMIN_PASSWORD))) throw new Error('运维账号或密码不正确');
      },
    });
    await audienceScope(outer, 'ops-basic-auth', outer.basicAuth, async (scope) => {
      registerStatusRoutes(scope, deps);
      registerReportRoutes(scope, deps);
      registerWordingStatusRoutes(scope, deps);
      const board = new FastifyAdapter();
      const { queues } = deps;
      createBullBoard({
        queues: queues.all().map((q) => new BullMQAdapter(q)),
        serverAdapter: board,
      });
      board.setBasePath('/admin/queues');
      await scope.register(board.registerPlugin(), { prefix: '/admin/queues' });
    });
  });
}
