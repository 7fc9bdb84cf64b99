import type { FollowUpDeps, LiveRendition, PolicyListMembers } from '../channel';
import { logBuild, waitForRendersInFlight } from '../follow-up-settling';
import { chineseDate } from '../text/chinese-date';
import { bookletTitle, renderBooklet, type BookletInput } from './booklet';
import type { PrintPayload } from './channel';

/**
 * The print channel's follow-up: A5 booklets of the interpretations live on print and in force
 * today, newest first — one per brand column, and one per 政策清单 (of the interpretations whose
 * basis is a document on the list, the list's documents in force in its appendix). Rebuilt whenever
 * what is live changed: an interpretation published, withdrawn or ended, a document added to or
 * taken off a list, a member document revised or ended (a policy document going live runs every
 * channel's follow-up), and on the minute's sweep; a booklet whose contents are unchanged is left alone.
 * While more print renditions are queued or rendering, a booklet that holds only interpretations
 * (and appendix documents) still live and in force waits for them (`postponed`, the rule of
 * ../follow-up-settling.ts): a burst of publishes is typeset once, not once per interpretation; a
 * booklet holding anything withdrawn, revised, ended or taken off its list is rebuilt at once.
 */
export interface BookletItem { documentId: string; title: string; revision: string; department: string | null; sites: string[] }
export interface BookletBody extends Record<string, unknown> {
  brandColumn?: { code: string; name: string };
  list?: { code: string; name: string };
  /** A list's documents in force, in its appendix. */
  documents?: number;
  /** A list's appendix as printed (identities of its documents: id, title, number); a list booklet without it is rebuilt at once. */
  appendix?: string[];
  items: BookletItem[];
  pages: number;
  signature: string;
}
export interface BookletReport { built: number; unchanged: number; removed: number; postponed: number }

export const bookletKey = (brandColumn: string) => `booklet:${brandColumn}`;
export const listBookletKey = (list: string) => `list:${list}`;
export const bookletFileName = (title: string) => `${title}.pdf`;

type Item = LiveRendition<PrintPayload>;
interface Booklet { key: string; owner: Pick<BookletBody, 'brandColumn' | 'list' | 'documents' | 'appendix'>; input: Omit<BookletInput, 'items' | 'dateLabel'>; items: Item[]; extra: unknown }

export async function buildBooklets(deps: FollowUpDeps<PrintPayload>): Promise<BookletReport> {
  const today = deps.today();
  const live: Item[] = [];
  for (const item of await deps.live()) if (await deps.inForce(item.documentId, item.payload.validTo, today)) live.push(item);
  const booklets = [...brandBooklets(live), ...(await listBooklets(deps, live, today))];

  const existing = new Map((await deps.builtFiles.list()).map((b) => [b.key, b]));
  const mayWait = await waitForRendersInFlight(deps);
  const report: BookletReport = { built: 0, unchanged: 0, removed: 0, postponed: 0 };
  for (const booklet of booklets) {
    const { items } = booklet;
    const signature = JSON.stringify([booklet.input.name, booklet.extra, items.map((i) => `${i.documentId}:${i.payload.content.revision}`)]);
    const previous = existing.get(booklet.key)?.body as BookletBody | undefined;
    if (previous?.signature === signature) {
      report.unchanged += 1;
      continue;
    }
    if (mayWait(previous && printedIdentities(previous), printedIdentities({ ...booklet.owner, items: items.map((i) => ({ documentId: i.documentId, revision: i.payload.content.revision })) }))) {
      report.postponed += 1;
      continue;
    }
    const input: BookletInput = { ...booklet.input, dateLabel: chineseDate(today), items: items.map((i) => i.payload.content) };
    const { pdf, pages } = await renderBooklet(input, today);
    const title = bookletTitle(input);
    const file = await deps.builtFiles.store(bookletFileName(title), 'application/pdf', pdf);
    const body: BookletBody = {
      ...booklet.owner, pages, signature,
      items: items.map((i) => ({ documentId: i.documentId, title: i.title, revision: i.payload.content.revision, department: i.payload.department?.code ?? null, sites: i.payload.sites })),
    };
    await deps.builtFiles.save({ key: booklet.key, title, file, body, builtAt: new Date().toISOString() });
    report.built += 1;
  }
  report.removed = await deps.builtFiles.removeExcept(booklets.map((b) => b.key));
  logBuild(deps, report, { today }, { built: '印刷品小册子已更新', waiting: '印刷品小册子等待渲染中的解读' });
  return report;
}

/** What a booklet prints: each interpretation's revision and, for a list, its appendix (unknown for one built before it was recorded). */
function printedIdentities(body: Pick<BookletBody, 'list' | 'appendix'> & { items: Array<Pick<BookletItem, 'documentId' | 'revision'>> }): string[] {
  const appendix = body.list ? (body.appendix ?? ['appendix not recorded']).map((a) => `appendix:${a}`) : [];
  return [...body.items.map((i) => `${i.documentId}:${i.revision}`), ...appendix];
}

function brandBooklets(live: Item[]): Booklet[] {
  const groups = new Map<string, Booklet>();
  for (const item of live) {
    const brand = item.payload.brandColumn;
    if (!brand) continue;
    const group = groups.get(brand.code) ?? { key: bookletKey(brand.code), owner: { brandColumn: brand }, input: { name: brand.name }, items: [], extra: null };
    group.items.push(item);
    groups.set(brand.code, group);
  }
  return [...groups.values()].map((g) => ({ ...g, items: newestFirst(g.items) }));
}

/** The basis documents of a printed interpretation (a rendition made before they were recorded has none: in no list's booklet until it is printed again). */
const basisOf = (item: Item) => item.payload.basisDocuments ?? [];
const newestFirst = (items: Item[]) => [...items].sort((a, b) => b.publishedAt.localeCompare(a.publishedAt) || a.documentId.localeCompare(b.documentId));

/** One booklet per list with at least one printed interpretation resting on a document of it that is in force today. */
async function listBooklets(deps: FollowUpDeps<PrintPayload>, live: Item[], today: string): Promise<Booklet[]> {
  const booklets: Booklet[] = [];
  for (const list of await deps.policyLists()) {
    const documents: PolicyListMembers['documents'] = [];
    for (const d of list.documents) if (await deps.inForce(d.documentId, d.validTo, today)) documents.push(d);
    const members = new Set(documents.map((d) => d.documentId));
    const items = newestFirst(live.filter((i) => basisOf(i).some((id) => members.has(id))));
    if (items.length === 0) continue;
    // Where each document is explained: the items resting on it, by their place in the booklet.
    const appendix = documents.map((d) => ({ title: d.title, documentNumber: d.documentNumber, explainedBy: items.flatMap((i, n) => (basisOf(i).includes(d.documentId) ? [n] : [])) }));
    booklets.push({
      key: listBookletKey(list.code), items,
      owner: { list: { code: list.code, name: list.name }, documents: documents.length, appendix: documents.map((d) => JSON.stringify([d.documentId, d.title, d.documentNumber])) },
      input: { name: list.name, list: { description: list.description, documents: appendix } },
      extra: [list.description, documents.map((d) => [d.documentId, d.title, d.documentNumber])],
    });
  }
  return booklets;
}
