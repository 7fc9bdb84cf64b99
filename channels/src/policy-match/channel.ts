import { SWEEP, type Channel, type Finding, type RenderResult } from '../channel';
import type { PolicyItem, PublishedDocument } from '../document/types';

/**
 * 政策匹配 ("policies find people", Yichun's policy supermarket): the matchable items of a document
 * as the publisher's policy index reads them. Every policy document goes here, items or not, so
 * the index knows each document's validity and what it supersedes (as-of answers follow the
 * chain); an interpretation goes here when it carries items. Nothing is drawn: the search pages
 * and GraphQL read the live payloads.
 */
export const policyMatchChannel: Channel<PolicyMatchPayload> = {
  code: 'policy-match',
  name: '政策匹配',

  accepts: (doc) => doc.kind === 'policy-document' || (doc.kind === 'interpretation' && doc.items.length > 0),

  async preflight(doc) {
    const findings: Finding[] = [];
    for (const item of doc.kind === 'event' ? [] : doc.items) {
      if (item.tags.length === 0) {
        findings.push({ level: 'warning', field: 'items', message: `事项“${item.title}”没有标签：只能搜索到，不能按条件匹配；请在各维度中勾选适用的标签` });
      }
      const groups = new Map<string, string[]>();
      for (const tag of item.tags.filter((t) => t.exclusionGroup)) {
        const key = `${tag.dimension}/${tag.exclusionGroup}`;
        groups.set(key, [...(groups.get(key) ?? []), tag.name]);
      }
      for (const names of groups.values()) {
        // Allowed on an item (it applies to both), but worth a second look.
        if (names.length > 1) findings.push({ level: 'info', field: 'items', message: `事项“${item.title}”同时适用互斥的标签 ${names.join('、')}` });
      }
    }
    return findings;
  },

  async render(doc): Promise<RenderResult<PolicyMatchPayload>> {
    return { payload: policyMatchPayload(doc), artifacts: [], listings: [] };
  },

  // Subscribers hear of items that appeared, changed or left (the push compares with what each was told);
  // the push has its own ten-minute sweep for the date, so the minute's sweep asks nothing.
  afterLive: async (deps, reason) => (reason === SWEEP ? undefined : deps.policyPush.request(reason)),
};

export interface PolicyMatchPayload {
  kind: PublishedDocument['kind'];
  title: string;
  documentNumber: string | null;
  validFrom: string | null;
  validTo: string | null;
  /** The document this one replaces: its validity ends where this one's begins. */
  supersedes: string | null;
  /** The policy document's full text, where item clauses are highlighted. */
  fullText: string;
  items: PolicyItem[];
  /** The portal sites it is published on: each site's 政策找人 shows these items (a payload without it counts for every site). */
  sites?: string[];
}

export function policyMatchPayload(doc: PublishedDocument): PolicyMatchPayload {
  if (doc.kind !== 'policy-document') {
    return { kind: doc.kind, title: doc.title, documentNumber: null, validFrom: null, validTo: null, supersedes: null, fullText: '', items: doc.kind === 'event' ? [] : doc.items, sites: doc.sites.map((s) => s.code) };
  }
  return {
    kind: doc.kind, title: doc.title, documentNumber: doc.documentNumber, validFrom: doc.validFrom, validTo: doc.validTo,
    supersedes: doc.supersedes?.documentId ?? null, fullText: doc.fullText, items: doc.items, sites: doc.sites.map((s) => s.code),
  };
}
