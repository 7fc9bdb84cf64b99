import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedHook { headers: http.IncomingHttpHeaders; body: any }

/** A local HTTP endpoint that records what Strapi's webhooks send it. */
export async function startWebhookReceiver() {
  const received: ReceivedHook[] = [];
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: data ? JSON.parse(data) : null });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/strapi`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
