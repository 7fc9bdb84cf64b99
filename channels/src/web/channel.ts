import { webTemplates } from '@tongyuan/templates';
import type { Channel, Finding, RenderResult } from '../channel';
import { eventPlaceLabel, eventTimeLabel, FORMAT_LABELS, type Interpretation, type OpenEvent, type PolicyDocument, type PublishedDocument } from '../document/types';
import { eventFacts, registrationLine } from '../text/event-facts';
import { interviewParts } from '../text/interview-parts';
import { storeBodyImages } from '../text/body-images';
import { richText } from '../text/contract';
import { markdownToText } from '../text/rich-text';
import { columnsOf, pagePath, siteListings, targetsSiteChannel, type ColumnCode } from './catalog';
import { explainerFigures, type ExplainerFigure } from './explainer-figures';
import { webPreview } from './preview';
import { webRoutes } from './routes';

/**
 * Portal sites: one article fragment per revision (`article.html`), wrapped in each site's
 * layout when served, and listed in the site's catalog columns. Validity is added at serve time,
 * because it changes with the date, not with the document. A 图片解读 page shows the 一图读懂
 * panels (drawn here, through the render cache the other channels share); a 视频解读 page gets the
 * video of the same revision at serve time (`withVideo`), so this render never waits for an encode.
 */
/** A page's payload: what lists, links and the served page read (the HTML is the artifact). */
export type WebPayload = ReturnType<typeof webPayload> & { imagesLeftOut: string[] };

export const webChannel: Channel<WebPayload> = {
  code: 'web',
  name: '门户网站',
  accounts: { platform: 'site', kind: 'account' },

  accepts(doc) {
    return targetsSiteChannel(doc, 'web');
  },

  async preflight(doc) {
    const findings: Finding[] = [];
    if (doc.sites.length === 0) findings.push({ level: 'error', field: 'sites', message: '没有选择发布站点：请至少选择一个站点' });
    if (doc.kind === 'interpretation' && doc.keyPoints.length === 0) {
      findings.push({ level: 'warning', field: 'keyPoints', message: '没有要点：页面将只显示正文' });
    }
    return findings;
  },

  async render(doc, ctx) {
    // The author's images become files of this rendition, served from the portal's own /files/.
    const rich = await storeBodyImages(richText('web', doc.kind === 'policy-document' ? doc.fullText : doc.body), ctx, { base: '' });
    const columns = columnsOf(doc);
    const explainer = doc.kind === 'interpretation' && columns.includes('images') ? await explainerFigures(doc, ctx) : null;
    const html = doc.kind === 'interpretation' ? interpretationFragment(doc, rich.html, columns, explainer?.figures ?? [])
      : doc.kind === 'event' ? eventFragment(doc, rich.html) : policyFragment(doc, rich.html);
    const article = await ctx.writeArtifact('article.html', 'text/html; charset=utf-8', html);
    return {
      payload: { ...webPayload(doc, columns), imagesLeftOut: rich.leftOut },
      artifacts: [article, ...rich.artifacts, ...(explainer?.artifacts ?? [])],
      listings: siteListings(doc),
    } satisfies RenderResult<WebPayload>;
  },

  preview: async (doc, { files }) => webPreview(doc, files),
  routes: webRoutes,
};

function webPayload(doc: PublishedDocument, columns: string[]) {
  const common = {
    title: doc.title,
    columns,
    sites: doc.sites.map((s) => ({ code: s.code, name: s.name, path: pagePath(doc, s.code) })),
  };
  if (doc.kind === 'policy-document') {
    return {
      ...common, kind: doc.kind, documentNumber: doc.documentNumber, validFrom: doc.validFrom, validTo: doc.validTo, lists: doc.lists,
      supersedes: doc.supersedes?.documentId ?? null, summary: `${doc.documentNumber}${doc.issuingDepartment ? ` · ${doc.issuingDepartment.name}` : ''}`,
    };
  }
  if (doc.kind === 'event') {
    // What the events calendar and the iCalendar file read, without opening the page.
    return {
      ...common, kind: doc.kind, slug: doc.slug, digest: doc.digest, summary: doc.digest || markdownToText(doc.body).slice(0, 120),
      department: doc.department?.name ?? null, county: doc.county?.name ?? null, startsAt: doc.startsAt, endsAt: doc.endsAt,
      time: eventTimeLabel(doc), place: eventPlaceLabel(doc), location: doc.place, liveUrl: doc.liveUrl, vrUrl: doc.vrUrl,
      registration: registrationLine(doc), capacity: doc.capacity,
    };
  }
  // A 访谈 is listed (往期回顾 and the other columns) with its guests and time before its digest.
  const interview = interviewParts(doc).facts.filter((f) => f.key !== 'stream').map((f) => `${f.label}：${f.text}`);
  return {
    ...common, kind: doc.kind, slug: doc.slug, digest: doc.digest, summary: [...interview, doc.digest || markdownToText(doc.body).slice(0, 120)].filter(Boolean).join('。'),
    department: doc.department?.name ?? null, format: FORMAT_LABELS[doc.format] ?? doc.format,
    basis: doc.basis.map((b) => ({ documentId: b.policy.documentId, clauses: b.clauses.map((c) => c.anchor) })),
  };
}

function interpretationFragment(doc: Interpretation, bodyHtml: string, columns: ColumnCode[], explainer: ExplainerFigure[]): string {
  const interview = interviewParts(doc);
  return webTemplates.interpretation({
    explainer,
    // Where the video goes when the page is served (its state changes without this revision changing).
    video: columns.includes('videos'),
    title: doc.title,
    digest: doc.digest,
    brandColumn: doc.brandColumn?.name,
    department: doc.department?.name,
    interpreters: doc.interpreters.map((i) => i.name).join('、'),
    format: FORMAT_LABELS[doc.format] ?? doc.format,
    keyPoints: doc.keyPoints,
    qa: [...doc.qa, ...interview.answered],
    // A 访谈's guests, time and transcript; its live page, question form and archive are relative to this page (/sites/<site>/interpretations/).
    interview: { ...interview, liveHref: `../interviews/${encodeURIComponent(doc.slug)}/live`, askHref: `../ask?about=${encodeURIComponent(doc.documentId)}`, archiveHref: '../interviews/' },
    bodyHtml,
    basis: doc.basis.map((b) => ({
      title: b.policy.title,
      documentNumber: b.policy.documentNumber,
      policyHref: `../policies/${encodeURIComponent(b.policy.documentId)}.html`,
      clauses: b.clauses,
    })),
  });
}

/** An event's page: its facts, the links to take part online, and the #registration section the registration form fills. */
function eventFragment(doc: OpenEvent, bodyHtml: string): string {
  return webTemplates.event({
    documentId: doc.documentId, title: doc.title, digest: doc.digest, department: doc.department?.name, county: doc.county?.name,
    facts: eventFacts(doc).filter((f) => f.key !== 'department'), liveUrl: doc.liveUrl, vrUrl: doc.vrUrl,
    registration: registrationLine(doc), capacity: doc.capacity, bodyHtml: bodyHtml.trim() ? bodyHtml : '',
  });
}

function policyFragment(doc: PolicyDocument, fullTextHtml: string): string {
  return webTemplates.policy({
    ...doc,
    issuingDepartment: doc.issuingDepartment?.name,
    supersedes: doc.supersedes && { ...doc.supersedes, href: `${encodeURIComponent(doc.supersedes.documentId)}.html` },
    fullTextHtml,
  });
}
