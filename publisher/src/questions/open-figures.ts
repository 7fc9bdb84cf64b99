import qs from 'qs';
import type { StrapiClient } from '../ingest/strapi-client';
import type { Db } from '../store/db';
import type { QuestionRow } from '../store/questions';
import { RegistrationStore } from '../store/registrations';
import { SurveyResponseStore } from '../store/survey-responses';

/**
 * The open-government figures (你建言我来办 and open events): rounds held, suggestions (appeals)
 * handled and replied, suggestions adopted, events, participants, survey responses. Counted from
 * the publisher's own record (the question desk's copy of each suggestion's state, survey
 * responses, live events) and the CMS's rounds; nothing here names a person.
 */
export interface OpenFigures {
  roundsHeld: number;
  suggestions: number;
  replied: number;
  adopted: number;
  partlyAdopted: number;
  notAdopted: number;
  events: number;
  /** Registrations confirmed or attended: the registration desk's count. */
  participants: number;
  surveyResponses: number;
}

export interface Round { title: string; site: string | null; department: string | null; startsOn: string; endsOn: string }

const ROUNDS_CACHE_MS = 60_000;

/** The CMS's 建言轮次, read with the read-only token, kept a minute; the last good list stands in while the CMS is away. */
export class SuggestionRounds {
  private cached: { at: number; rounds: Round[] } | null = null;
  constructor(private readonly strapi: Pick<StrapiClient, 'get'>, private readonly clock: () => Date) {}

  async all(): Promise<Round[]> {
    const now = this.clock().getTime();
    if (this.cached && now - this.cached.at < ROUNDS_CACHE_MS) return this.cached.rounds;
    try {
      const rounds: Round[] = [];
      for (let page = 1; ; page += 1) {
        const query = qs.stringify({
          fields: ['title', 'startsOn', 'endsOn'], populate: { site: { fields: ['code'] }, department: { fields: ['code'] } },
          pagination: { page, pageSize: 100 }, sort: ['startsOn:asc'],
        }, { encodeValuesOnly: true });
        const body = (await this.strapi.get(`/api/suggestion-rounds?${query}`, true)) as { data: any[]; meta: { pagination: { pageCount: number } } } | null;
        if (!body) break;
        rounds.push(...body.data.map((r) => ({ title: r.title, site: r.site?.code ?? null, department: r.department?.code ?? null, startsOn: r.startsOn, endsOn: r.endsOn })));
        if (page >= body.meta.pagination.pageCount) break;
      }
      this.cached = { at: now, rounds };
      return rounds;
    } catch (error) {
      if (this.cached) return this.cached.rounds;
      throw error;
    }
  }
}

/** Rounds that have started by `today` (YYYY-MM-DD, China) and, with `from`, started on or after it. */
export const roundsHeld = (rounds: Round[], today: string, from?: string) => rounds.filter((r) => r.startsOn <= today && (!from || r.startsOn >= from)).length;

/** A site's or a report's suggestions, counted: handled (received), replied, and by outcome. */
export function suggestionCounts(questions: Array<Pick<QuestionRow, 'kind' | 'status' | 'outcome'>>) {
  const suggestions = questions.filter((q) => q.kind === 'suggestion');
  const answered = suggestions.filter((q) => q.status === 'answered');
  return {
    suggestions: suggestions.length, replied: answered.length,
    adopted: answered.filter((q) => q.outcome === 'adopted').length,
    partlyAdopted: answered.filter((q) => q.outcome === 'partly_adopted').length,
    notAdopted: answered.filter((q) => q.outcome === 'not_adopted').length,
  };
}

/** Open events (kind 'event') live now or ever published, with the revision body their scope is read from; `startsAt` inside [from, to) when given. */
export async function eventsStarting(db: Db, from?: string, to?: string): Promise<Array<{ documentId: string; body: any }>> {
  const rows = await db.selectFrom('documents')
    .innerJoin('revisions', (j) => j.onRef('revisions.document_id', '=', 'documents.document_id').onRef('revisions.hash', '=', 'documents.latest_hash'))
    .select(['documents.document_id', 'revisions.body']).where('documents.kind', '=', 'event').where('documents.first_published_at', 'is not', null)
    .where('documents.withdrawn_at', 'is', null).execute();
  return rows.map((r) => ({ documentId: r.document_id, body: JSON.parse(r.body) }))
    .filter((e) => typeof e.body.startsAt === 'string' && (!from || e.body.startsAt >= from) && (!to || e.body.startsAt < to));
}

export interface OpenFigureSources {
  db: Db;
  questionDesk: { suggestionsBetween(from: string, to: string): Promise<Array<Pick<QuestionRow, 'site' | 'terminal' | 'department_code' | 'status' | 'outcome' | 'kind'>>> };
  surveyResponses: { receivedBetween(from: string, to: string): Promise<Array<{ site: string | null; department_code: string | null }>> };
  /** Confirmed registrations (attended ones included) of an event: the registration desk's count. */
  participants(eventId: string): Promise<number>;
  rounds: SuggestionRounds;
}

/** What counts: each source's rows kept by the scope (a site, a county, a department). */
export interface FigureScope {
  suggestion(q: Pick<QuestionRow, 'site' | 'terminal' | 'department_code'>): boolean;
  event(body: any): boolean;
  response(r: { site: string | null; department_code: string | null }): boolean;
  round(r: Round): boolean;
}

/** The figures for [from, to) (ISO instants); rounds counted by their start day, up to `today`. */
export async function openFigures(sources: OpenFigureSources, scope: FigureScope, from: string, to: string, today: string): Promise<OpenFigures> {
  const suggestions = (await sources.questionDesk.suggestionsBetween(from, to)).filter((q) => scope.suggestion(q));
  const events = (await eventsStarting(sources.db, from, to)).filter((e) => scope.event(e.body));
  let participants = 0;
  for (const e of events) participants += await sources.participants(e.documentId);
  const fromDay = from.slice(0, 4) === '0000' ? undefined : new Date(Date.parse(from) + 8 * 3600_000).toISOString().slice(0, 10);
  const toDay = new Date(Date.parse(to) + 8 * 3600_000 - 1).toISOString().slice(0, 10);
  const rounds = (await sources.rounds.all()).filter((r) => scope.round(r));
  return {
    roundsHeld: roundsHeld(rounds, today < toDay ? today : toDay, fromDay),
    ...suggestionCounts(suggestions as Array<Pick<QuestionRow, 'kind' | 'status' | 'outcome'>>),
    events: events.length, participants,
    surveyResponses: (await sources.surveyResponses.receivedBetween(from, to)).filter((r) => scope.response(r)).length,
  };
}

/** The sources the figures read, for the page here and the annual report. */
export function openFigureSources(deps: { db: Db; strapi: Pick<StrapiClient, 'get'>; questionDesk: OpenFigureSources['questionDesk']; clock: () => Date }, rounds = new SuggestionRounds(deps.strapi, deps.clock)): OpenFigureSources {
  const registrations = new RegistrationStore(deps.db);
  return {
    db: deps.db, questionDesk: deps.questionDesk, surveyResponses: new SurveyResponseStore(deps.db), rounds,
    participants: async (eventId) => (await registrations.counts(eventId)).confirmed,
  };
}

