import { authoredTexts, authoredTextsHash, HOOK_SECRET_HEADER, type AuthoredText } from '@tongyuan/document';
import { readSettings } from '../settings';

/**
 * The norms check (表述规范库) as the CMS asks for it: the draft's authored texts, read inside the
 * caller's transaction (a publish that saves and publishes at once checks what it is about to
 * publish), sent to the publisher, which keeps the compiled dictionary (POST /hooks/norms/check).
 */
export const NORMS_KINDS: Record<string, 'interpretation' | 'policy-document' | 'event'> = {
  'api::interpretation.interpretation': 'interpretation',
  'api::policy-document.policy-document': 'policy-document',
  // 开放活动: its theme, digest, introduction, place, audience, what to bring and accessibility notes (authoredTexts).
  'api::open-event.open-event': 'event',
};
export const UID_OF_KIND = Object.fromEntries(Object.entries(NORMS_KINDS).map(([uid, kind]) => [kind, uid])) as Record<string, string>;
const TEXT_POPULATE = {
  interpretation: { keyPoints: true, qa: true, overrides: true, department: { populate: ['county'] } },
  'policy-document': { clauses: true },
  event: { department: { populate: ['county'] }, county: true },
} as const;

export interface NormsFinding {
  level: 'error' | 'warning'; field: string; message: string;
  fix?: { found: string; replace: string; start: number; end: number };
  norms: { severity: 'serious' | 'general'; found: string; start: number; end: number; before: string; after: string; label: string };
}

/** The publisher could not be asked: nothing is known about the words (the publish goes ahead, recorded; see signoff.ts). */
export class NormsUnavailable extends Error {
  readonly code = 'NORMS_CHECK_UNAVAILABLE';
}

/** How long a publish waits for the publisher (it may be restarting) before going ahead unchecked (a second): a bulk publish must not crawl. */
const ATTEMPTS_MS = [0, 1000];

/** The draft with every field that holds authored text, its texts and their hash; null when there is no such draft. */
export async function draftTexts(strapi: any, uid: string, documentId: string): Promise<{ draft: any; texts: AuthoredText[]; hash: string } | null> {
  const kind = NORMS_KINDS[uid];
  const draft = await strapi.documents(uid).findOne({ documentId, status: 'draft', populate: TEXT_POPULATE[kind] });
  if (!draft) return null;
  const texts = authoredTexts(kind, draft);
  return { draft, texts, hash: authoredTextsHash(texts) };
}

/** Whether the CMS is set up to ask the publisher (a CMS run alone, in development or its own tests, is not). */
export const normsCheckConfigured = () => {
  const { PUBLISHER_HOOK_URL, HOOK_SECRET } = readSettings();
  return Boolean(PUBLISHER_HOOK_URL && HOOK_SECRET);
};

/** The norms findings in these texts; NormsUnavailable when the publisher does not answer (after a few retries). */
export async function checkTexts(texts: AuthoredText[], attempts = ATTEMPTS_MS): Promise<NormsFinding[]> {
  const { PUBLISHER_HOOK_URL, HOOK_SECRET } = readSettings();
  let last = '';
  for (const wait of attempts) {
    if (wait) await new Promise((resolve) => setTimeout(resolve, wait));
    try {
      const response = await fetch(new URL('norms/check', PUBLISHER_HOOK_URL), {
        method: 'POST', headers: { [HOOK_SECRET_HEADER]: HOOK_SECRET!, 'content-type': 'application/json' },
        body: JSON.stringify({ texts }), signal: AbortSignal.timeout(5000),
      });
      if (response.ok) return ((await response.json()) as { findings: NormsFinding[] }).findings;
      last = `发布服务返回 ${response.status}`;
      if (response.status < 500) break;
    } catch (error) {
      last = (error as Error).message;
    }
  }
  throw new NormsUnavailable(`发布服务暂时无法访问（${last}），无法按表述规范库检查稿件的用语`);
}

export const seriousOf = (findings: NormsFinding[]) => findings.filter((f) => f.norms?.severity === 'serious');

/** One finding as a line of the 审核记录 and of a refusal: where, what, and the fix. */
export const findingLine = (f: NormsFinding) => `${f.message}${f.norms.start >= 0 ? `（第 ${f.norms.start + 1} 字起）` : ''}`;
