import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request that passed the tap, as the part behind it answered it. */
export interface TappedRequest { at: number; method: string; path: string; status: number; bytes: number; documents: number }

/**
 * An HTTP pass-through in front of a part (the CMS, for the publisher) that writes down every request:
 * its path, the answer's size and how many documents the answer carries (`"documentId"` keys). The
 * target may be set after the tap starts (the part behind it is started later); until then it answers 503,
 * as a part still starting would.
 */
export interface RequestTap {
  url: string;
  target: string | null;
  requests: TappedRequest[];
  close(): Promise<void>;
}

export async function startRequestTap(target: string | null = null): Promise<RequestTap> {
  const server = http.createServer((inbound, reply) => {
    if (!tap.target) return void reply.writeHead(503).end();
    const { hostname, port } = new URL(tap.target);
    const outbound = http.request({ hostname, port, method: inbound.method, path: inbound.url, headers: inbound.headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const body = Buffer.concat(chunks);
        tap.requests.push({
          at: Date.now(), method: inbound.method ?? 'GET', path: inbound.url ?? '', status: answer.statusCode ?? 0,
          bytes: body.length, documents: body.toString('utf8').split('"documentId"').length - 1,
        });
        reply.writeHead(answer.statusCode ?? 502, answer.headers).end(body);
      });
    });
    outbound.on('error', () => reply.destroy());
    inbound.pipe(outbound);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const tap: RequestTap = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    target,
    requests: [],
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  return tap;
}
