import qs from 'qs';
import { PublisherError } from '../errors';
import type { StrapiClient } from '../ingest/strapi-client';

/**
 * A published survey (问卷调查) as the CMS holds it, read with the publisher's read-only token and
 * kept for a short while: the survey page and each response read it, the CMS is not asked on every
 * request, and an edit shows within SURVEY_CACHE_MS.
 */
export type SurveyQuestionKind = 'single_choice' | 'multiple_choice' | 'rating' | 'free_text';
export interface SurveyQuestion { prompt: string; kind: SurveyQuestionKind; options: string[]; required: boolean }
export interface Survey {
  documentId: string; title: string; intro: string | null;
  site: { code: string; name: string } | null;
  department: { code: string; name: string } | null;
  /** The open event (开放活动) it belongs to: one response per registration; null for a standing survey. */
  eventId: string | null;
  opensAt: string | null; closesAt: string | null;
  questions: SurveyQuestion[];
}

const SURVEY_CACHE_MS = 15_000;
export const SURVEY_ID = /^[A-Za-z0-9_-]{1,64}$/;
const EVENT_ID = { fields: ['documentId'] };
const KINDS = new Set<SurveyQuestionKind>(['single_choice', 'multiple_choice', 'rating', 'free_text']);

/** The CMS's record as a survey: options one per line, blanks dropped; a question of an unknown kind is left out. */
export function surveyOf(row: any): Survey {
  return {
    documentId: row.documentId, title: row.title, intro: row.intro ?? null,
    site: row.site ? { code: row.site.code, name: row.site.name } : null,
    department: row.department ? { code: row.department.code, name: row.department.name } : null,
    eventId: eventIdOf(row),
    opensAt: row.opensAt ?? null, closesAt: row.closesAt ?? null,
    questions: ((row.questions ?? []) as any[]).filter((q) => KINDS.has(q.kind)).map((q) => ({
      prompt: String(q.prompt ?? ''), kind: q.kind,
      options: q.kind === 'single_choice' || q.kind === 'multiple_choice' ? String(q.options ?? '').split(/\r?\n/).map((o) => o.trim()).filter(Boolean) : [],
      required: q.required === true,
    })),
  };
}

/** The related event's documentId (`event` populated with its documentId), or null. */
export function eventIdOf(row: any): string | null {
  const id = row?.event?.documentId;
  return typeof id === 'string' && id ? id : null;
}

export class SurveyCatalog {
  private readonly cache = new Map<string, { at: number; survey: Survey | null }>();
  constructor(private readonly strapi: Pick<StrapiClient, 'get'>, private readonly clock: () => Date) {}

  /** The published survey, or null (never published, unpublished, or not a survey id). */
  async get(documentId: string): Promise<Survey | null> {
    if (!SURVEY_ID.test(documentId)) return null;
    const now = this.clock().getTime();
    const cached = this.cache.get(documentId);
    if (cached && now - cached.at < SURVEY_CACHE_MS) return cached.survey;
    const rows = await this.rows(documentId, 'published', {
      questions: true, site: { fields: ['code', 'name'] }, department: { fields: ['code', 'name'] }, event: EVENT_ID,
    });
    const survey = rows[0] ? surveyOf(rows[0]) : null;
    // Strapi links a published survey to the published event only: an event that is not (or no longer)
    // published leaves the link empty there. The draft still names it, and the survey stays that event's
    // (answered with a registration code, as an unknown event id always was), never an open standing one.
    if (survey && !survey.eventId) survey.eventId = eventIdOf((await this.rows(documentId, 'draft', { event: EVENT_ID }))[0]);
    if (this.cache.size > 1000) this.cache.clear();
    this.cache.set(documentId, { at: now, survey });
    return survey;
  }

  private async rows(documentId: string, status: 'published' | 'draft', populate: object): Promise<any[]> {
    const query = qs.stringify({ filters: { documentId: { $eq: documentId } }, status, populate }, { encodeValuesOnly: true });
    const body = (await this.strapi.get(`/api/surveys?${query}`, true)) as { data: any[] } | null;
    if (!body) throw new PublisherError('STRAPI_UNREACHABLE', 'CMS 没有“问卷调查”内容类型：请升级 CMS');
    return body.data;
  }
}

/** Open now: after its start (if any) and before its end (if any). */
export function surveyState(survey: Survey, now: Date): 'open' | 'not_yet' | 'closed' {
  if (survey.opensAt && now.getTime() < Date.parse(survey.opensAt)) return 'not_yet';
  if (survey.closesAt && now.getTime() >= Date.parse(survey.closesAt)) return 'closed';
  return 'open';
}
