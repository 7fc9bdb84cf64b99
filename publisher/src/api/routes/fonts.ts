import { fallbackFaceOfFileName, fallbackWoff2 } from '@tongyuan/channels';
import type { FastifyInstance } from 'fastify';
import { LRUCache } from 'lru-cache';

/**
 * GET /assets/fonts/rare/<code points>.woff2: the fallback font (花园明朝) cut to the 生僻字 a
 * portal page names in its @font-face (channels' fallbackFontFaceCss). Readers' own fonts rarely
 * have Extension B–F characters; a page without them asks for nothing. The name is the content,
 * so the answer never changes: cached for a year. Only code points the fallback draws and Source
 * Han Sans lacks are served, one piece of the font per file.
 */
export function registerFontRoutes(app: FastifyInstance) {
  const cut = new LRUCache<string, Buffer>({ max: 500, maxSize: 20 * 1024 * 1024, sizeCalculation: (data) => data.length });
  app.get<{ Params: { file: string } }>('/assets/fonts/rare/:file', async (request, reply) => {
    const { file } = request.params;
    const face = fallbackFaceOfFileName(file);
    if (!face) return reply.code(404).send({ error: 'NOT_FOUND', message: '没有这个字体文件：文件名应为补充字体里的生僻字编码（十六进制，升序，用 - 连接）' });
    let data = cut.get(file);
    if (!data) cut.set(file, (data = await fallbackWoff2(face)));
    return reply.type('font/woff2').header('access-control-allow-origin', '*').send(data);
  });
}
