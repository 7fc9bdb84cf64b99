import { renderSitePage, type SiteInfo } from '@tongyuan/channels';
import { chinaDateTime, type InterviewGuest } from '@tongyuan/document';
import { interviewTemplates } from '@tongyuan/templates';
import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { PublisherError } from '../../errors';
import { NEVER_STORED } from '../cache-policy';
import type { InterviewLive } from '../../interviews/live-turns';
import type { LiveTurn } from '../../interviews/turn-input';
import type { PublicationQueries } from '../../store/queries';

/**
 * 在线访谈's live text:
 *   GET  /sites/<site>/interviews/<slug>/live          the page: turns so far, then new ones without reloading
 *   GET  /sites/<site>/interviews/<slug>/live/events   server-sent events (`turn`, id = the turn's number; Last-Event-ID resumes)
 *   POST /hooks/interviews/<documentId>/turns          the CMS posts the editor's turn (hook secret)
 * Only an interview published on the site has a live page: the interview is announced first.
 */
export interface InterviewRouteDeps { queries: PublicationQueries; interviewLive: InterviewLive; clock: () => Date }

const HTML = 'text/html; charset=utf-8';
const SITE = /^[a-z0-9][a-z0-9-]*$/;
const SLUG = /^[a-z0-9][a-z0-9-]{0,199}$/;
const ID = /^[A-Za-z0-9_-]{1,64}$/;
/** After its end (or three hours after its start, with no end given) and this grace, an interview is no longer live. */
const LIVE_GRACE_MS = 3600_000;
const DEFAULT_LENGTH_MS = 3 * 3600_000;
/** A comment line every so often keeps proxies from closing a quiet stream. */
const KEEPALIVE_MS = 15_000;

type Answered = { publicQuestion: string; answer: string };
interface Interview { site: SiteInfo; documentId: string; title: string; slug: string; guests: InterviewGuest[]; startsAt: string | null; endsAt: string | null; answered: Answered[] }

async function findInterview(queries: PublicationQueries, siteCode: string, slug: string): Promise<Interview | null> {
  if (!SITE.test(siteCode) || !SLUG.test(slug)) return null;
  const site = await queries.siteOn('web', siteCode);
  const documentId = site && (await queries.documentIdBySlug(slug));
  if (!site || !documentId || !(await queries.isListedOn('web', site.code, documentId))) return null;
  const item = await queries.liveItem('web', documentId);
  const revision = item && (await queries.revisionBody(documentId, item.hash));
  const doc = revision?.body as { format?: string; guests?: InterviewGuest[]; interviewStartsAt?: string; interviewEndsAt?: string; answeredOnAir?: Answered[] } | undefined;
  if (!item || doc?.format !== 'interview') return null;
  return { site, documentId, title: item.title, slug, guests: doc.guests ?? [], startsAt: doc.interviewStartsAt ?? null, endsAt: doc.interviewEndsAt ?? null,
    // Only the question's public wording (整理后的问题表述) and its answer: never who asked, never the raw text.
    answered: (doc.answeredOnAir ?? []).filter((q) => q.publicQuestion.trim()) };
}

/** Live from its announcement until an hour after it ends; an interview without a time was never live (its page is the archive's). */
function isLive(interview: Interview, now: Date): boolean {
  if (!interview.startsAt) return false;
  const end = interview.endsAt ? Date.parse(interview.endsAt) : Date.parse(interview.startsAt) + DEFAULT_LENGTH_MS;
  return now.getTime() <= end + LIVE_GRACE_MS;
}

const notFound = (reply: FastifyReply) => reply.code(404).send({ error: 'NOT_FOUND', message: '没有这场在线访谈（或它还没有在本站发布）' });

export function registerInterviewRoutes(app: FastifyInstance, deps: InterviewRouteDeps) {
  // Open event streams never end by themselves: closing the server ends them (the browser reconnects to another process).
  const streams = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.end();
  });

  app.get<{ Params: { site: string; slug: string } }>('/sites/:site/interviews/:slug/live', async (request, reply) => {
    const interview = await findInterview(deps.queries, request.params.site, request.params.slug);
    if (!interview) return notFound(reply);
    const { site, documentId, slug } = interview;
    const turns = await deps.interviewLive.turns(documentId);
    const last = turns.at(-1)?.id ?? 0;
    const content = interviewTemplates.live({
      title: interview.title, guests: interview.guests, turns, answered: interview.answered, live: isLive(interview, deps.clock()),
      startsAt: interview.startsAt ? chinaDateTime(new Date(interview.startsAt)) : null,
      events: `/sites/${site.code}/interviews/${slug}/live/events?after=${last}`,
      askHref: `/sites/${site.code}/ask?about=${encodeURIComponent(documentId)}`,
      pageHref: `/sites/${site.code}/interpretations/${slug}.html`,
      archiveHref: `/sites/${site.code}/interviews/`,
    });
    return reply.type(HTML)
      .send(renderSitePage(site, { title: `${interview.title}（文字直播）`, content, column: 'interviews' }));
  });

  app.get<{ Params: { site: string; slug: string }; Querystring: { after?: string } }>('/sites/:site/interviews/:slug/live/events', async (request, reply) => {
    const interview = await findInterview(deps.queries, request.params.site, request.params.slug);
    if (!interview) return notFound(reply);
    const resume = Number(request.headers['last-event-id'] ?? request.query.after ?? 0);
    let sent = Number.isSafeInteger(resume) && resume > 0 ? resume : 0;
    reply.hijack();
    const out = reply.raw;
    streams.add(out);
    out.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': NEVER_STORED, connection: 'keep-alive', 'x-accel-buffering': 'no' });
    const send = (turn: LiveTurn) => {
      if (turn.id <= sent) return; // a turn read from the store and announced too
      sent = turn.id;
      out.write(`id: ${turn.id}\nevent: turn\ndata: ${JSON.stringify(turn)}\n\n`);
    };
    out.write('retry: 2000\n\n');
    if (!isLive(interview, deps.clock())) {
      // Over: every turn, then `end` (the page stops listening; a stream that stayed open would only wait).
      for (const turn of await deps.interviewLive.turns(interview.documentId, sent)) send(turn);
      out.end('event: end\ndata: {}\n\n');
      streams.delete(out);
      return;
    }
    // Follow first, then read what is stored: a turn posted in between arrives by one or the other, never lost.
    const pending: LiveTurn[] = [];
    let replaying = true;
    let closed = false;
    const keepalive = setInterval(() => out.write(': 在线\n\n'), KEEPALIVE_MS);
    let stop = () => {};
    request.raw.on('close', () => {
      closed = true;
      clearInterval(keepalive);
      streams.delete(out);
      stop();
    });
    const unfollow = await deps.interviewLive.follow(interview.documentId, (turn) => (replaying ? pending.push(turn) : send(turn)));
    if (closed) return unfollow();
    stop = unfollow;
    for (const turn of await deps.interviewLive.turns(interview.documentId, sent)) send(turn);
    replaying = false;
    pending.forEach(send);
  });
}

export function registerInterviewHooks(app: FastifyInstance, deps: InterviewRouteDeps) {
  app.post<{ Params: { documentId: string }; Body: unknown }>('/hooks/interviews/:documentId/turns', { bodyLimit: 64 * 1024 }, async (request, reply) => {
    const { documentId } = request.params;
    if (!ID.test(documentId)) throw new PublisherError('BAD_REQUEST', 'documentId 格式不正确');
    const known = await deps.queries.document(documentId);
    if (!known || known.withdrawn_at) throw new PublisherError('NOT_FOUND', '这场访谈还没有发布：请先发布访谈（预告），再开始文字直播');
    const turn = await deps.interviewLive.post(documentId, request.body);
    return reply.code(201).send(turn);
  });
}
