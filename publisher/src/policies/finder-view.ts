import { escapeHtml as escape } from '@tongyuan/templates';
import type { PolicyCatalog, PolicyNode } from './catalog';

/**
 * What the 政策找人 pages show, from the same operations GraphQL answers: facets as checkboxes,
 * results with their fit in words and search terms marked, an item with its basis clauses marked
 * in the document, and the rows exports and the print view list.
 */
type Match = Awaited<ReturnType<PolicyCatalog['match']>>;
type Node = PolicyNode;
export interface FinderQuery { tags: string[]; q: string; asOf: string; kiosk: boolean; page: number; site: string }

/** Text with [start, end) ranges wrapped in <mark>, everything else escaped. */
export function markRanges(text: string, ranges: Array<{ start: number; end: number }>): string {
  let html = '';
  let at = 0;
  for (const { start, end } of [...ranges].sort((a, b) => a.start - b.start)) {
    if (start < at) continue; // overlapping terms: the first one wins
    html += `${escape(text.slice(at, start))}<mark>${escape(text.slice(start, end))}</mark>`;
    at = end;
  }
  return html + escape(text.slice(at));
}

export function fitText(node: Node): string {
  const matched = node.matched.map((m) => `${m.dimensionName}（${m.tags.join('、')}）`);
  const neutral = node.neutral.map((n) => n.dimensionName);
  return [matched.length ? `符合：${matched.join('；')}` : '', neutral.length ? `不限：${neutral.join('、')}` : ''].filter(Boolean).join('　') || '未设条件';
}

export const basisLine = (node: Node) =>
  node.basis ? `《${node.basis.title}》（${node.basis.documentNumber}）${node.basis.clauses.map((c) => c.number).join('、')}` : '';

export function queryString(query: FinderQuery, page?: number): string {
  const params = new URLSearchParams();
  for (const tag of query.tags) params.append('tag', tag);
  if (query.q) params.set('q', query.q);
  if (query.asOf) params.set('asOf', query.asOf);
  if (query.kiosk) params.set('kiosk', '1');
  if (query.site) params.set('site', query.site);
  if (page && page > 1) params.set('page', String(page));
  return params.toString();
}

export function resultView(node: Node) {
  const ranges = (field: string) => node.highlights.filter((h) => h.field === field);
  return {
    keyPath: encodeURIComponent(node.key), titleHtml: markRanges(node.title, ranges('title')), whatHtml: markRanges(node.what, ranges('what')),
    amount: node.amount, fitText: fitText(node), basisLine: basisLine(node),
  };
}

/** The basis document's text with the item's clauses marked; paragraphs at blank lines, **bold** kept. */
export function fullTextHtml(node: Node): string {
  const ranges = (node.basis?.clauses ?? []).filter((c) => c.start !== null && c.end !== null).map((c) => ({ start: c.start!, end: c.end! }));
  return markRanges(node.basisText, ranges)
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.replace(/^#{1,6} /, '')) // a Markdown heading reads as plain text here
    .map((paragraph) => `<p>${paragraph.replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>').replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, tab, carriage return first) starts with
 * an apostrophe in CSV: an author's title must never become a formula on a clerk's computer.
 */
export const csvSafe = (cell: string) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);

export const exportColumns = ['序号', '事项名称', '享受主体', '优惠内容', '优惠力度', '办理方式', '依据文件', '文号', '依据条款', '有效期', '状态', '匹配情况'];

export function exportRows(match: Match): string[][] {
  return match.edges.map(({ node }, i) => [
    String(i + 1), node.title, node.who, node.what, node.amount, node.howToApply, node.basis?.title ?? '', node.basis?.documentNumber ?? '',
    node.basis?.clauses.map((c) => c.number).join('、') ?? '', node.basis ? `${node.basis.validFrom ?? '—'} 至 ${node.basis.validTo ?? '长期'}` : '',
    node.basis?.status ?? '', fitText(node),
  ]);
}
