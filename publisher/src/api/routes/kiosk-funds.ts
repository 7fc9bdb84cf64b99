import type { FastifyInstance } from 'fastify';
import type { KioskFundItems } from '../../funds/kiosk-funds';
import type { ArtifactStore } from '../../store/artifacts';

/**
 * GET /kiosk/<terminal>/funds/<sha256>: a village's file of the terminal's 民生资金 query screen
 * (funds/kiosk-funds.ts), for the kiosk's sync to cache. Content-addressed, so kept forever once fetched.
 */
export function registerKioskFundRoutes(app: FastifyInstance, deps: { kioskFunds: Pick<KioskFundItems, 'lists'>; artifacts: Pick<ArtifactStore, 'read'> }) {
  app.get<{ Params: { terminal: string; sha256: string } }>('/kiosk/:terminal/funds/:sha256', async (request, reply) => {
    const { terminal, sha256 } = request.params;
    if (!/^[0-9a-f]{64}$/.test(sha256) || !(await deps.kioskFunds.lists(terminal, sha256))) {
      return reply.code(404).send({ error: 'NOT_FOUND', message: '这个终端的民生资金查询没有这个文件：请重新同步' });
    }
    return reply.type('application/json; charset=utf-8').header('etag', `"${sha256}"`)
      .send(await deps.artifacts.read(sha256));
  });
}
