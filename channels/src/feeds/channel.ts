import { feedTemplates } from '@tongyuan/templates';
import type { Channel, RenderResult } from '../channel';
import type { PublishedDocument } from '../document/types';
import { storeBodyImages } from '../text/body-images';
import { markdownToHtml, markdownToText, WEB_ALLOW_LIST } from '../text/rich-text';
import { columnsOf, pagePath, siteListings, targetsSiteChannel } from '../web/catalog';

/**
 * Feed entries for RSS 2.0, Atom 1.0 and JSON Feed 1.1. The rendition is one entry; the feed
 * documents are assembled from live entries when read. The entry id is the document's, so it
 * stays the same across revisions (readers see an update, not a new item).
 */
export const feedsChannel: Channel = {
  code: 'feeds',
  name: '订阅源',

  accepts(doc) {
    return targetsSiteChannel(doc, 'feeds');
  },

  preflight(doc) {
    return doc.sites.length === 0 ? [{ level: 'error', field: 'sites', message: '没有选择发布站点：订阅源按站点生成，请至少选择一个站点' }] : [];
  },

  async render(doc, ctx) {
    const columns = columnsOf(doc);
    // Feed readers fetch images themselves: from the publisher's /files/ by absolute URL, never from the CMS.
    const body = doc.kind === 'interpretation' ? await storeBodyImages(markdownToHtml(doc.body, WEB_ALLOW_LIST), ctx, { base: ctx.publicUrl }) : null;
    return {
      payload: {
        id: `urn:tongyuan:${doc.kind}:${doc.documentId}`,
        title: doc.title,
        summary: summaryOf(doc),
        contentHtml: contentOf(doc, body?.html ?? ''),
        tags: doc.tags.map((t) => t.name),
        author: doc.kind === 'interpretation' ? doc.department?.name ?? null : doc.issuingDepartment?.name ?? null,
        links: Object.fromEntries(doc.sites.map((s) => [s.code, `${ctx.publicUrl}${pagePath(doc, s.code)}`])),
        columns,
        lists: doc.kind === 'policy-document' ? doc.lists : [],
      },
      artifacts: body?.artifacts ?? [],
      listings: siteListings(doc),
    } satisfies RenderResult;
  },
};

function summaryOf(doc: PublishedDocument): string {
  if (doc.kind === 'policy-document') return `${doc.documentNumber}：${doc.clauses.map((c) => c.text).join(' ').slice(0, 160)}`;
  return doc.digest || markdownToText(doc.body).slice(0, 160);
}

function contentOf(doc: PublishedDocument, bodyHtml: string): string {
  return doc.kind === 'policy-document'
    ? feedTemplates.entry({ clauses: doc.clauses })
    : feedTemplates.entry({ keyPoints: doc.keyPoints, qa: doc.qa, bodyHtml });
}
