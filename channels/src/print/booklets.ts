import type { FollowUpDeps, LiveRendition } from '../channel';
import { chineseDate } from '../text/chinese-date';
import { renderBooklet } from './booklet';
import type { PrintPayload } from './channel';

/**
 * The print channel's follow-up: one A5 booklet per brand column, of its interpretations live on
 * print and in force today, newest first. Rebuilt whenever what is live changed (and on the
 * minute's sweep, for validity that ended); a booklet whose items are unchanged is left alone.
 */
export interface BookletItem { documentId: string; title: string; revision: string; department: string | null; sites: string[] }
export interface BookletBody extends Record<string, unknown> { brandColumn: { code: string; name: string }; items: BookletItem[]; pages: number; signature: string }
export interface BookletReport { built: number; unchanged: number; removed: number }

export const bookletKey = (brandColumn: string) => `booklet:${brandColumn}`;
export const bookletFileName = (name: string) => `${name}-政策解读小册子.pdf`;

export async function buildBooklets(deps: FollowUpDeps<PrintPayload>): Promise<BookletReport> {
  const today = deps.today();
  const groups = new Map<string, { name: string; items: Array<LiveRendition<PrintPayload>> }>();
  for (const item of await deps.live()) {
    const brand = item.payload.brandColumn;
    if (!brand || !(await deps.inForce(item.documentId, item.payload.validTo, today))) continue;
    const group = groups.get(brand.code) ?? { name: brand.name, items: [] };
    group.items.push(item);
    groups.set(brand.code, group);
  }
  const existing = new Map((await deps.builtFiles.list()).map((b) => [b.key, b]));
  const report: BookletReport = { built: 0, unchanged: 0, removed: 0 };
  for (const [code, group] of groups) {
    const items = [...group.items].sort((a, b) => b.publishedAt.localeCompare(a.publishedAt) || a.documentId.localeCompare(b.documentId));
    const signature = [group.name, ...items.map((i) => `${i.documentId}:${i.payload.content.revision}`)].join(',');
    const key = bookletKey(code);
    if ((existing.get(key)?.body as BookletBody | undefined)?.signature === signature) {
      report.unchanged += 1;
      continue;
    }
    const { pdf, pages } = await renderBooklet({ name: group.name, dateLabel: chineseDate(today), items: items.map((i) => i.payload.content) }, today);
    const file = await deps.builtFiles.store(bookletFileName(group.name), 'application/pdf', pdf);
    const body: BookletBody = {
      brandColumn: { code, name: group.name }, pages, signature,
      items: items.map((i) => ({ documentId: i.documentId, title: i.title, revision: i.payload.content.revision, department: i.payload.department?.code ?? null, sites: i.payload.sites })),
    };
    await deps.builtFiles.save({ key, title: `${group.name}政策解读小册子`, file, body, builtAt: new Date().toISOString() });
    report.built += 1;
  }
  report.removed = await deps.builtFiles.removeExcept([...groups.keys()].map(bookletKey));
  if (report.built || report.removed) deps.logger.info({ ...report, today }, '印刷品小册子已更新');
  return report;
}
