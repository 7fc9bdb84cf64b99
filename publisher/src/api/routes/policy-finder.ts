import { CHANNEL_ROLES } from '@tongyuan/channels';
import { chinaToday, type Clock } from '@tongyuan/document';
import { finderTemplates } from '@tongyuan/templates';
import { stringify } from 'csv-stringify/sync';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { PublisherError } from '../../errors';
import { loadExcel } from '../../libraries';
import { basisLine, csvSafe, exportColumns, exportRows, fullTextHtml, queryString, resultView, type FinderQuery } from '../../policies/finder-view';
import type { PolicyCatalog } from '../../policies/catalog';
import type { PublicationQueries } from '../../store/queries';

const PAGE_SIZE = 20;
const EXPORT_LIMIT = 5000;
const HTML = 'text/html; charset=utf-8';
type Query = { tag?: string | string[]; q?: string; asOf?: string; kiosk?: string; page?: string; site?: string };

/**
 * 政策找人 for citizens and companies (public, no token): /policy-finder/ with tick boxes per
 * dimension (an option the selection excludes is disabled, with the reason), results ranked with
 * the search terms marked, an as-of date and a search within results; items/<key> with its basis
 * clauses marked in the document; export.csv, export.xlsx and an A4 print view of the same
 * results. `?kiosk=1` is the touch-screen variant. Bad input is shown on the page, never a 500.
 */
export function registerPolicyFinderRoutes(app: FastifyInstance, services: { policies: PolicyCatalog; queries: PublicationQueries; clock: Clock }) {
  const { policies } = services;
  const read = (query: Query): FinderQuery => ({
    tags: (Array.isArray(query.tag) ? query.tag : query.tag ? [query.tag] : []).slice(0, 50).map((t) => String(t).slice(0, 100)),
    q: String(query.q ?? '').slice(0, 1000),
    asOf: String(query.asOf ?? '').slice(0, 20),
    kiosk: query.kiosk === '1',
    page: Math.max(1, Math.min(1000, Number.parseInt(String(query.page ?? '1'), 10) || 1)),
    site: String(query.site ?? '').slice(0, 64),
  });
  const input = (q: FinderQuery) => ({ profile: q.tags, query: q.q, asOf: q.asOf || null, site: q.site || null });
  // A portal site's own 政策找人 (?site=): its items only, its name at the top and the way back to it.
  const siteOf = async (q: FinderQuery) => {
    if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(q.site)) return null;
    return { code: q.site, name: (await services.queries.siteOn(CHANNEL_ROLES.portal, q.site))?.name ?? q.site };
  };
  // The page keeps working on bad input: it says what to fix and shows the options without a selection.
  const userError = (error: unknown) => {
    if (error instanceof PublisherError && error.expose && error.status < 500) return error.message;
    throw error;
  };

  app.get<{ Querystring: Query }>('/policy-finder/', async (request, reply) => {
    const q = read(request.query);
    let error: string | null = null;
    let match;
    let facets;
    try {
      match = await policies.match({ ...input(q), first: PAGE_SIZE, after: q.page > 1 ? Buffer.from(String((q.page - 1) * PAGE_SIZE)).toString('base64url') : null });
      facets = await policies.facets({ ...input(q), selection: q.tags });
    } catch (caught) {
      error = userError(caught);
      const site = (await siteOf(q))?.code ?? null;
      match = await policies.match({ query: null, asOf: null, first: PAGE_SIZE, site });
      facets = await policies.facets({ site });
    }
    const view = {
      css: finderTemplates.css, script: finderTemplates.script, kiosk: q.kiosk, error, q: q.q, asOf: match.asOf, total: match.total, site: await siteOf(q),
      query: queryString(q), start: (q.page - 1) * PAGE_SIZE + 1,
      next: match.pageInfo.hasNextPage ? queryString(q, q.page + 1) : null,
      facets,
      results: match.edges.map((e) => resultView(e.node)),
    };
    return reply.type(HTML).send(finderTemplates.page(view));
  });

  app.get<{ Params: { key: string }; Querystring: Query }>('/policy-finder/items/:key', async (request, reply) => {
    const q = read(request.query);
    let node;
    try {
      node = await policies.item(request.params.key, q.asOf || null);
    } catch (caught) {
      return reply.code(400).type('text/plain; charset=utf-8').send(userError(caught));
    }
    if (!node) return notFound(reply, '没有这个政策事项：它可能已撤回，请回到政策找人重新查找');
    const basis = node.basis;
    return reply.type(HTML).send(finderTemplates.item({
      css: finderTemplates.css, kiosk: q.kiosk, back: queryString(q), title: node.title, who: node.who, what: node.what, amount: node.amount,
      howToApply: node.howToApply, tags: node.tagNames.join('；'),
      basis, validity: basis ? `${basis.validFrom ?? '—'} 至 ${basis.validTo ?? '长期有效'}` : '',
      clauses: basis?.clauses.map((c) => c.number).join('、') ?? '', fullTextHtml: fullTextHtml(node),
    }));
  });

  const exported = async (request: { query: Query }, reply: FastifyReply) => {
    const q = read(request.query);
    try {
      return await policies.match({ ...input(q), first: EXPORT_LIMIT }, { limit: EXPORT_LIMIT });
    } catch (caught) {
      await reply.code(400).type('text/plain; charset=utf-8').send(userError(caught));
      return null;
    }
  };
  const fileName = (ext: string) => `attachment; filename="policies-${chinaToday(services.clock)}.${ext}"; filename*=UTF-8''${encodeURIComponent(`政策事项-${chinaToday(services.clock)}.${ext}`)}`;

  app.get<{ Querystring: Query }>('/policy-finder/export.csv', async (request, reply) => {
    const match = await exported(request, reply);
    if (!match) return reply;
    // A byte-order mark so that Excel opens the Chinese text correctly.
    const csv = `\uFEFF${stringify([exportColumns, ...exportRows(match).map((row) => row.map(csvSafe))])}`;
    return reply.type('text/csv; charset=utf-8').header('content-disposition', fileName('csv')).send(csv);
  });

  app.get<{ Querystring: Query }>('/policy-finder/export.xlsx', async (request, reply) => {
    const match = await exported(request, reply);
    if (!match) return reply;
    const book = new (loadExcel().Workbook)();
    const sheet = book.addWorksheet('政策事项');
    sheet.addRow(exportColumns).font = { bold: true };
    for (const row of exportRows(match)) sheet.addRow(row);
    sheet.columns.forEach((column, i) => (column.width = [6, 40, 30, 50, 20, 40, 40, 22, 16, 24, 8, 40][i] ?? 20));
    const data = Buffer.from(await book.xlsx.writeBuffer());
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', fileName('xlsx')).send(data);
  });

  app.get<{ Querystring: Query }>('/policy-finder/print', async (request, reply) => {
    const match = await exported(request, reply);
    if (!match) return reply;
    const q = read(request.query);
    const index = await policies.current();
    const rows = match.edges.map(({ node }, i) => ({ index: i + 1, title: node.title, who: node.who, what: node.what, amount: node.amount, basisLine: basisLine(node) }));
    return reply.type(HTML).send(finderTemplates.print({
      css: finderTemplates.css, rows, total: match.total, asOf: match.asOf,
      // China time, like the policy date beside it ('sv-SE' writes YYYY-MM-DD HH:mm).
      printedAt: new Date().toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 16),
      criteria: q.tags.map((id) => index.tags.get(id)?.name ?? id).join('、') || '不限',
    }));
  });
}

function notFound(reply: FastifyReply, message: string) {
  return reply.code(404).type('text/plain; charset=utf-8').send(message);
}
