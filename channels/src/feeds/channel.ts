import { feedTemplates } from '@tongyuan/templates';
import type { Channel, RenderResult } from '../channel';
import type { Interpretation, PublishedDocument } from '../document/types';
import { storeBodyImages } from '../text/body-images';
import { richText, sanitizedFor } from '../text/contract';
import { markdownToText } from '../text/rich-text';
import { eventFactLines, eventFacts } from '../text/event-facts';
import { interviewParts } from '../text/interview-parts';
import { shortenText } from '../text/shorten';
import type { FeedPayload } from './documents';
import { feedRoutes } from './routes';
import { columnsOf, pagePath, siteListings, targetsSiteChannel } from '../web/catalog';

/**
 * Feed entries for RSS 2.0, Atom 1.0 and JSON Feed 1.1. The rendition is one entry; the feed
 * documents are assembled from live entries when read. The entry id is the document's, so it
 * stays the same across revisions (readers see an update, not a new item).
 */
export const feedsChannel: Channel<FeedPayload> = {
  code: 'feeds',
  name: '订阅源',

  accepts(doc) {
    return targetsSiteChannel(doc, 'feeds');
  },

  async preflight(doc) {
    return doc.sites.length === 0 ? [{ level: 'error', field: 'sites', message: '没有选择发布站点：订阅源按站点生成，请至少选择一个站点' }] : [];
  },

  async render(doc, ctx) {
    const columns = columnsOf(doc);
    // Feed readers fetch images themselves: from the publisher's /files/ by absolute URL, never from the CMS.
    const body = doc.kind !== 'policy-document' ? await storeBodyImages(richText('feeds', doc.body), ctx, { base: ctx.publicUrl }) : null;
    return {
      payload: {
        id: `urn:tongyuan:${doc.kind}:${doc.documentId}`,
        title: doc.title,
        summary: summaryOf(doc),
        contentHtml: contentOf(doc, body?.html ?? ''),
        tags: doc.kind === 'event' ? ['开放活动'] : doc.tags.map((t) => t.name),
        author: doc.kind === 'policy-document' ? doc.issuingDepartment?.name ?? null : doc.department?.name ?? null,
        links: Object.fromEntries(doc.sites.map((s) => [s.code, `${ctx.publicUrl}${pagePath(doc, s.code)}`])),
        columns,
        lists: doc.kind === 'policy-document' ? doc.lists : [],
      } satisfies FeedPayload,
      artifacts: body?.artifacts ?? [],
      listings: siteListings(doc),
    } satisfies RenderResult<FeedPayload>;
  },

  routes: (app, deps) => feedRoutes(app, deps),
};

function summaryOf(doc: PublishedDocument): string {
  // Cut in characters, never inside a surrogate pair (a cut 𠮷 would be a lone surrogate, unreadable in XML).
  if (doc.kind === 'policy-document') return shortenText(`${doc.documentNumber}：${doc.clauses.map((c) => c.text).join(' ')}`, 160).text;
  // An event's entry says when and where first: a reader deciding whether to go needs nothing else.
  if (doc.kind === 'event') return shortenText([...eventFactLines(doc, ['time', 'place']), doc.digest].filter(Boolean).join('；'), 160).text;
  return doc.digest || shortenText(markdownToText(doc.body), 160).text;
}

/** Plain fields escaped by the template, the body sanitized, and the whole entry through the portal's allow-list. */
function contentOf(doc: PublishedDocument, bodyHtml: string): string {
  return sanitizedFor('feeds', doc.kind === 'policy-document'
    ? feedTemplates.entry({ clauses: doc.clauses })
    : doc.kind === 'event' ? feedTemplates.entry({ facts: eventFacts(doc), bodyHtml })
      : interviewEntry(doc, bodyHtml));
}

/** An interpretation's entry; a 访谈's also has its guests and time, the transcript in turns, and the public's questions answered on air. */
function interviewEntry(doc: Interpretation, bodyHtml: string): string {
  const interview = interviewParts(doc);
  return feedTemplates.entry({ facts: interview.facts, keyPoints: doc.keyPoints, qa: [...doc.qa, ...interview.answered], bodyHtml, turns: interview.turns });
}
