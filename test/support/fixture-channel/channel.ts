import type { Channel } from '@tongyuan/channels';

/**
 * A tiny channel of a test's own — a 公告栏 (notice board) — to show that a channel is one folder
 * and one registry line: its render, its preview, its public pages and its follow-up job live
 * here and nowhere in the publisher. Registered at wiring time (`wireServices(…, { extraChannels })`).
 */
export interface NoticePayload { title: string; department: string }

export const NOTICE_BOARD = 'notice-board';

/**
 * What the follow-up job last built: the board's index (its afterLive hook runs in the worker;
 * this fixture's API and worker share one process, so the page reads it from here).
 */
export const board = { runs: 0, reasons: [] as string[], index: [] as Array<{ documentId: string; title: string }>, withdrawn: [] as string[] };

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const noticeHtml = (payload: NoticePayload) => `<article class="notice"><h1>${escape(payload.title)}</h1><p>${escape(payload.department)}</p></article>`;

export const noticeBoardChannel: Channel<NoticePayload, typeof NOTICE_BOARD> = {
  code: NOTICE_BOARD,
  name: '公告栏',
  accepts: (doc) => doc.kind === 'interpretation',
  preflight: async () => [],

  async render(doc, ctx) {
    const payload = { title: doc.title, department: doc.kind === 'interpretation' ? doc.department?.name ?? '' : '' };
    const notice = await ctx.writeArtifact('notice.html', 'text/html; charset=utf-8', noticeHtml(payload));
    return { payload, artifacts: [notice], listings: [] };
  },

  preview: async (_doc, { payload, files }) => [
    { key: 'notice', channel: NOTICE_BOARD, label: '公告栏张贴', kind: 'html', width: 480, html: files.get('notice.html')!.data.toString('utf8') },
    { key: 'notice-title', channel: NOTICE_BOARD, label: payload.title, kind: 'html', width: 480, html: `<p>${escape(payload.title)}</p>` },
  ],

  async afterLive(deps, reason) {
    const live = await deps.live();
    board.index = live.map((item) => ({ documentId: item.documentId, title: item.payload.title })).sort((a, b) => a.title.localeCompare(b.title));
    board.runs += 1;
    board.reasons.push(reason);
    return board.index.length;
  },

  // Told before its follow-up when notices leave the board (unpublished, deleted, no longer targeted).
  async withdraw(documentIds) {
    board.withdrawn.push(...documentIds);
  },

  async routes(app, deps) {
    app.get('/notice-board/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(
      `<!DOCTYPE html><ul data-runs="${board.runs}" data-withdrawn="${board.withdrawn.join(' ')}">${board.index.map((n) => `<li><a href="${n.documentId}">${escape(n.title)}</a></li>`).join('')}</ul>`,
    ));
    app.get<{ Params: { documentId: string } }>('/notice-board/:documentId', async (request, reply) => {
      const item = await deps.live.liveItem(NOTICE_BOARD, request.params.documentId);
      const file = item?.artifacts.find((a) => a.name === 'notice.html');
      if (!file) return reply.code(404).send({ error: 'NOT_FOUND', message: '公告栏上没有这条' });
      return reply.type('text/html; charset=utf-8').send(await deps.readText(file));
    });
  },
};
