import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkTexts, NormsUnavailable } from './check';

/** The CMS asks the publisher to check a draft's words; when it cannot, it says so (the publish then goes ahead, recorded: signoff.ts). */
const texts = [{ field: 'digest', label: '摘要', text: '全县深入开展扫黑险恶专项斗争' }];
const listen = (handler: http.RequestListener) => new Promise<http.Server>((resolve) => {
  const server = http.createServer(handler).listen(0, '127.0.0.1', () => resolve(server));
});
const url = (server: http.Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/strapi`;

afterEach(() => {
  delete process.env.PUBLISHER_HOOK_URL;
  delete process.env.HOOK_SECRET;
});

it('says in Chinese, naming why, when the publisher does not answer', async () => {
  const closed = await listen(() => undefined);
  process.env.PUBLISHER_HOOK_URL = url(closed);
  process.env.HOOK_SECRET = 'test-hook-secret-0123456789abcdef';
  await new Promise((resolve) => closed.close(resolve));
  const refusal = checkTexts(texts, [0, 10]);
  await expect(refusal).rejects.toBeInstanceOf(NormsUnavailable);
  await expect(refusal).rejects.toThrow(/^发布服务暂时无法访问（.+），无法按表述规范库检查稿件的用语$/);
});

it('asks again while the publisher restarts, with the shared secret, and reads its findings', async () => {
  let calls = 0;
  const server = await listen((request, response) => {
    calls += 1;
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      if (calls === 1) return response.writeHead(503).end();
      expect(request.headers['x-tongyuan-hook-secret']).toBe('test-hook-secret-0123456789abcdef');
      expect(JSON.parse(body)).toEqual({ texts });
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ findings: [{ field: 'digest', level: 'error' }] }));
    });
  });
  process.env.PUBLISHER_HOOK_URL = url(server);
  process.env.HOOK_SECRET = 'test-hook-secret-0123456789abcdef';
  try {
    await expect(checkTexts(texts, [0, 10])).resolves.toEqual([{ field: 'digest', level: 'error' }]);
    expect(calls).toBe(2);
  } finally {
    server.close();
  }
});
