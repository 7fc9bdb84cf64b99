import { createHash } from 'node:crypto';
import { kioskTemplates } from '@tongyuan/templates';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { ChannelRouteDeps, KioskTerminal } from '../hooks';
import { kioskFont } from './font';

/**
 * Touch-screen terminals: /kiosk/<terminal>/ is the app (works offline once synced: a service
 * worker and the Cache Storage hold it), manifest.json lists the terminal's items and files with
 * sha256 and a version for incremental sync, font.woff2 is the bundled font cut to what the
 * terminal shows, and terminals POST a heartbeat after each sync saying what they hold.
 * Files are addressed from the server's root (/files/…), so a terminal set up by IP address or
 * another host name than PUBLIC_URL fetches them from its own origin: no CORS in the way.
 */
export const kioskRoutes: FastifyPluginAsync<ChannelRouteDeps> = async (app, deps) => {
  const { kiosks } = deps;
  const fonts = new Map<string, Buffer>(); // by the hash of the characters; a handful of terminals
  const find = (code: string) => kiosks.terminal(code);
  const unknown = (reply: FastifyReply, code: string) =>
    reply.code(404).type('text/plain; charset=utf-8').send(`没有编号为“${code}”的终端，或还没有投放到它的政策解读：请在 CMS 中为解读选择该终端`);

  app.get<{ Params: { terminal: string } }>('/kiosk/:terminal/', async (request, reply) => {
    const terminal = await find(request.params.terminal);
    if (!terminal) return unknown(reply, request.params.terminal);
    return reply.type('text/html; charset=utf-8')
      .send(kioskTemplates.app({ name: terminal.name, orientation: terminal.orientation, css: kioskTemplates.css, idleSeconds: 60 }));
  });

  app.get<{ Params: { terminal: string } }>('/kiosk/:terminal/app.js', async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').send(kioskTemplates.appScript));

  app.get<{ Params: { terminal: string } }>('/kiosk/:terminal/sync.js', async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').send(kioskTemplates.syncScript));

  app.get<{ Params: { terminal: string } }>('/kiosk/:terminal/funds.js', async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').send(kioskTemplates.fundsScript));

  app.get<{ Params: { terminal: string } }>('/kiosk/:terminal/sw.js', async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').send(kioskTemplates.serviceWorker));

  app.get<{ Params: { terminal: string } }>('/kiosk/:terminal/manifest.json', async (request, reply) => {
    const terminal = await find(request.params.terminal);
    if (!terminal) return unknown(reply, request.params.terminal);
    return reply.send(manifestOf(terminal));
  });

  app.get<{ Params: { terminal: string } }>('/kiosk/:terminal/font.woff2', async (request, reply) => {
    const terminal = await find(request.params.terminal);
    if (!terminal) return unknown(reply, request.params.terminal);
    const text = `${terminal.name}${terminal.items.map((i) => i.text).join('')}`;
    const key = createHash('sha256').update(text).digest('hex');
    let font = fonts.get(key);
    if (!font) {
      font = await kioskFont(text);
      if (fonts.size > 50) fonts.clear();
      fonts.set(key, font);
    }
    return reply.type('font/woff2').header('etag', `"${key}"`).send(font);
  });

  app.post<{ Params: { terminal: string } }>('/kiosk/:terminal/heartbeat', { bodyLimit: 8192 }, async (request, reply) => {
    const terminal = await find(request.params.terminal);
    if (!terminal) return unknown(reply, request.params.terminal);
    const report = SYNC_REPORT.safeParse(request.body ?? {});
    if (!report.success) {
      return reply.code(400).send({ error: 'BAD_INPUT', message: '心跳应为 {"version": 清单版本（64 位十六进制）, "items": 条数, "cachedFiles": 已缓存文件数, "failures": [{"name": 文件, "reason": 原因}]}' });
    }
    const { version, items, cachedFiles, failedFiles, failures } = report.data;
    await kiosks.heartbeat(terminal.code, { version, items, cachedFiles, failedFiles: Math.max(failedFiles ?? 0, failures.length), failures });
    return reply.code(204).send();
  });
};


/** A terminal's report after a sync. Apps from before cachedFiles send only version and items. */
const count = z.number().int().min(0);
const SYNC_REPORT = z.object({
  version: z.string().regex(/^[0-9a-f]{64}$/),
  items: count,
  cachedFiles: count.nullable().default(null),
  // The count of every file that failed; `failures` names the first ones (the app sends at most 10, cut to 80 characters: within 8 KB).
  failedFiles: count.optional(),
  failures: z.array(z.object({ name: z.string().max(200), reason: z.string().max(200) })).max(20).default([]),
});

/** Items in title order with their files; the version changes exactly when what the terminal must show changes. */
export function manifestOf(terminal: KioskTerminal) {
  const items = terminal.items.map((item) => ({
    id: item.documentId,
    title: item.title,
    revision: item.revision,
    files: item.files.map((f) => ({ role: f.role, name: f.name, sha256: f.sha256, size: f.size, url: f.url ?? `/files/${f.sha256}/${encodeURIComponent(f.name)}` })),
  }));
  const version = createHash('sha256').update(JSON.stringify([terminal.name, terminal.orientation, items.map((i) => [i.id, i.revision])])).digest('hex');
  return { terminal: terminal.code, name: terminal.name, orientation: terminal.orientation, version, generatedAt: new Date().toISOString(), items };
}
