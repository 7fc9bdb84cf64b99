import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../logger';
import { StrapiClient } from './strapi-client';

/** Reading an author's upload: only from the CMS (or configured origins), never following redirects, never too much. */
let server: Server;
let client: StrapiClient;
const big = Buffer.alloc(64 * 1024, 1);

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === '/uploads/photo.jpg') return void response.end(Buffer.from('jpeg bytes'));
    if (request.url === '/uploads/moved.jpg') return void response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end();
    if (request.url === '/uploads/big.jpg') return void response.end(big);
    if (request.url === '/uploads/chunked.jpg') { // no content-length: counted while it streams
      response.write(big);
      return void response.end(big);
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client = new StrapiClient({ url, token: 'test-token-0123456789', logger: createLogger('silent', 'test') });
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it('reads an upload by the relative URL Strapi gave it', async () => {
  expect((await client.fetchMedia('/uploads/photo.jpg', 1024)).toString()).toBe('jpeg bytes');
});

it('refuses redirects, other origins, missing and oversized files with what to fix', async () => {
  await expect(client.fetchMedia('/uploads/moved.jpg', 1024)).rejects.toMatchObject({ name: 'RenditionRefused', message: expect.stringContaining('不跟随跳转') });
  await expect(client.fetchMedia('http://169.254.169.254/latest/meta-data', 1024)).rejects.toMatchObject({ name: 'RenditionRefused', message: expect.stringContaining('不是 CMS 的媒体库') });
  await expect(client.fetchMedia('file:///etc/passwd', 1024)).rejects.toMatchObject({ name: 'RenditionRefused' });
  await expect(client.fetchMedia('/uploads/gone.jpg', 1024)).rejects.toMatchObject({ name: 'RenditionRefused', message: expect.stringContaining('已不在媒体库中') });
  // A 人声配音 or an ident is named as what it is.
  await expect(client.fetchMedia('/uploads/voice.mp3', 1024)).rejects.toMatchObject({ message: '音频文件 /uploads/voice.mp3 已不在媒体库中（已被删除）：请重新上传这个音频文件，再在用到它的地方重新选择' });
  for (const file of ['big', 'chunked']) {
    await expect(client.fetchMedia(`/uploads/${file}.jpg`, 32 * 1024)).rejects.toMatchObject({ name: 'RenditionRefused', message: expect.stringContaining('超过') });
  }
  expect((await client.fetchMedia('/uploads/chunked.jpg', 1024 * 1024)).length).toBe(2 * big.length);
});
