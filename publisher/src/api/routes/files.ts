import contentDisposition from 'content-disposition';
import { createHash } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import parseRange from 'range-parser';
import { cacheAs } from '../cache-policy';
import { isPackageFile, servedPackage } from '../../policies/package-validity';
import type { ValidityBoard } from '../../policies/validity-board';
import type { ArtifactStore } from '../../store/artifacts';
import type { PublicationQueries } from '../../store/queries';
import type { UsageCounter } from '../../store/usage';

/** What serving files reads: the file store, which live rendition owns a file, download counts, today's validity for packages. */
export interface FileRouteDeps {
  artifacts: Pick<ArtifactStore, 'sizeOf' | 'read' | 'presignedUrl'>;
  queries: Pick<PublicationQueries, 'liveArtifactOwner'>;
  usage: Pick<UsageCounter, 'countRequest'>;
  validity: Pick<ValidityBoard, 'of'>;
}

/**
 * GET /files/<sha256>/<name>: artifacts by content address. Strong ETag (the hash itself),
 * Range and If-Range for resumable downloads, RFC 6266 Content-Disposition for Chinese names.
 * Only files some live rendition uses are served; names never reach the file system. With S3_PRESIGN
 * the bytes come from the object store: a 302 to a presigned URL that keeps the name and type.
 */
export function registerFileRoutes(app: FastifyInstance, services: FileRouteDeps) {
  const { artifacts, queries } = services;
  app.get<{ Params: { sha256: string; name: string } }>('/files/:sha256/:name', async (request, reply) => {
    const { sha256, name } = request.params;
    const owner = /^[0-9a-f]{64}$/.test(sha256) ? await queries.liveArtifactOwner(sha256) : null;
    const size = owner ? await artifacts.sizeOf(sha256) : null;
    if (!owner || size === null) return reply.code(404).send({ error: 'NOT_FOUND', message: '文件不存在或已撤回' });
    // A download is a whole file or the first piece of one (a resumed download is not a second one); pages' parts are not counted.
    const range = request.headers.range;
    if (COUNTED.test(name) && (!range || /^bytes=0-/.test(range))) services.usage.countRequest(request, { kind: 'download', channel: owner.channel, site: '', document_id: owner.documentId });
    if (isPackageFile(owner.channel, name)) return servePackage(request, reply, services, owner.documentId, owner.channel, sha256, name);
    const etag = `"${sha256}"`;
    reply.header('etag', etag).header('accept-ranges', 'bytes');
    reply.header('content-disposition', contentDisposition(name, { type: 'inline' }));
    reply.type(mimeOf(name));
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    const presigned = await artifacts.presignedUrl(sha256, { disposition: contentDisposition(name, { type: 'inline' }), type: mimeOf(name) });
    // The address expires: the redirect is never kept by a cache (the file itself is, by its ETag).
    if (presigned) return reply.code(302).header('location', presigned).header('cache-control', 'no-store').removeHeader('content-disposition').send();

    const rangeHeader = request.headers.range;
    const ifRange = request.headers['if-range'];
    if (rangeHeader && (!ifRange || ifRange === etag)) {
      const ranges = parseRange(size, rangeHeader, { combine: true });
      if (ranges === -1) return reply.code(416).header('content-range', `bytes */${size}`).send();
      if (ranges !== -2 && ranges.type === 'bytes' && ranges.length === 1) {
        const { start, end } = ranges[0];
        reply.code(206).header('content-range', `bytes ${start}-${end}/${size}`).header('content-length', end - start + 1);
        return reply.send(await artifacts.read(sha256, { start, end }));
      }
      // Malformed (-2) or several ranges: the whole file, as RFC 9110 allows.
    }
    reply.header('content-length', size);
    return reply.send(await artifacts.read(sha256));
  });
}

/**
 * wechat.json and weibo.json as an operator downloads them: with today's validity (a marked title
 * and a `validity` field, see policies/package-validity.ts). Small, so made whole on each request;
 * revalidated (not immutable), so an expiry reaches a cache at once. The ETag names what was served.
 */
async function servePackage(request: FastifyRequest, reply: FastifyReply, services: FileRouteDeps, documentId: string, channel: string, sha256: string, name: string) {
  const stored = JSON.parse((await buffer(await services.artifacts.read(sha256))).toString('utf8')) as { validTo?: string | null };
  const body = Buffer.from(JSON.stringify(servedPackage(channel, stored, await services.validity.of(documentId, stored.validTo ?? null)), null, 2));
  const etag = `"${sha256.slice(0, 32)}-${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
  cacheAs(reply, 'published').header('etag', etag).header('content-disposition', contentDisposition(name, { type: 'inline' }));
  reply.type('application/json; charset=utf-8');
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  return reply.header('content-length', body.length).send(body);
}

/** Files people take away: videos, reels, audio programmes, subtitles, images, archives, print PDFs — not the HTML, SVG and JSON pages are made of. */
const COUNTED = /\.(mp4|mp3|wav|srt|vtt|png|jpe?g|webp|gif|zip|pdf)$/i;

const MIME: Record<string, string> = {
  html: 'text/html; charset=utf-8', json: 'application/json', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg',
  svg: 'image/svg+xml', mp4: 'video/mp4', srt: 'application/x-subrip', vtt: 'text/vtt; charset=utf-8', m3u: 'audio/x-mpegurl', mp3: 'audio/mpeg', wav: 'audio/wav',
  txt: 'text/plain; charset=utf-8', zip: 'application/zip', pdf: 'application/pdf', webp: 'image/webp', gif: 'image/gif',
};
/** A text file whose name says its encoding (a TV station's 滚动字幕 in GBK: 滚动字幕-…-GBK.txt) is sent with that charset. */
const mimeOf = (name: string) => {
  const encoded = /-(GBK|GB18030)\.txt$/i.exec(name);
  if (encoded) return `text/plain; charset=${encoded[1].toLowerCase()}`;
  return MIME[name.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
};
