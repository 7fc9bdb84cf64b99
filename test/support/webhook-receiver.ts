import http from 'node:http';
import type { AddressInfo } from 'node:net';

type Answer = number | { status: number; headers: Record<string, string>; body?: string };
export interface ReceivedHook { headers: http.IncomingHttpHeaders; body: any; raw: string; path: string; status: number }

/**
 * A local HTTP endpoint that records what webhooks send it (Strapi's, the publisher's policy push).
 * `respond` picks each answer (default 204), e.g. to fail the first attempts, redirect, or answer with a body.
 */
export async function startWebhookReceiver(options: { respond?: (request: { path: string; headers: http.IncomingHttpHeaders }, received: ReceivedHook[]) => Answer } = {}) {
  const received: ReceivedHook[] = [];
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const answer = options.respond?.({ path, headers: req.headers }, received) ?? 204;
      const { status, headers, body } = typeof answer === 'number' ? { status: answer, headers: {}, body: undefined } : answer;
      received.push({ headers: req.headers, body: data ? JSON.parse(data) : null, raw: data, path, status });
      res.writeHead(status, headers).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/strapi`,
    base: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
