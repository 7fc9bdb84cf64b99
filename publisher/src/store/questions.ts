import type { Selectable } from 'kysely';
import type { Db } from './db';
import type { QuestionsTable } from './schema';

export type QuestionRow = Selectable<QuestionsTable>;
export type NewQuestion = Omit<QuestionRow, 'delivered_at' | 'cms_document_id' | 'department_code' | 'department_name' | 'routed_by' | 'answered_at' | 'attempts' | 'last_error' | 'updated_at' | 'status' | 'outcome' | 'cms_updated_at' | 'subject'>
  & { subject?: string | null };
export interface CmsQuestionState { status: QuestionRow['status']; answeredAt: string | null; department: { code: string; name: string } | null; outcome?: string | null; updatedAt?: string }

/**
 * Questions from the public: written here first (so none is lost while the CMS is away), handed to
 * the CMS, then kept as a small record of their state (department, due, answered) for the status
 * page, the inspection and the annual report. Personal details are cleared once the CMS has them.
 */
export class QuestionStore {
  constructor(private readonly db: Db) {}

  async insert(question: NewQuestion): Promise<void> {
    await this.db.insertInto('questions').values({ ...question, status: 'pending', attempts: 0, updated_at: question.received_at }).execute();
  }

  async get(receipt: string): Promise<QuestionRow | undefined> {
    return this.db.selectFrom('questions').selectAll().where('receipt', '=', receipt).executeTakeFirst();
  }

  /** The same text from the same client within the window: asked once, answered once. */
  async findRepeat(clientKey: string, bodyHash: string, since: string): Promise<QuestionRow | undefined> {
    return this.db.selectFrom('questions').selectAll()
      .where('client_key', '=', clientKey).where('body_hash', '=', bodyHash).where('received_at', '>=', since)
      .orderBy('received_at', 'desc').executeTakeFirst();
  }

  async undelivered(limit = 500): Promise<string[]> {
    const rows = await this.db.selectFrom('questions').select('receipt').where('delivered_at', 'is', null).orderBy('received_at').limit(limit).execute();
    return rows.map((r) => r.receipt);
  }

  async markDelivered(receipt: string, result: { documentId: string; department: { code: string; name: string } | null; routedBy: string }, at: string) {
    await this.db.updateTable('questions').set({
      delivered_at: at, cms_document_id: result.documentId, department_code: result.department?.code ?? null, department_name: result.department?.name ?? null,
      routed_by: result.routedBy, asker_name: null, asker_contact: null, last_error: null, updated_at: at,
    }).where('receipt', '=', receipt).execute();
  }

  async markDeliveryFailed(receipt: string, error: string, at: string) {
    await this.db.updateTable('questions').set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error.slice(0, 500), updated_at: at }))
      .where('receipt', '=', receipt).execute();
  }

  /** The CMS's state of a question (answered, reassigned, its outcome) copied back, with the CMS's time of it. */
  async updateState(receipt: string, state: CmsQuestionState, at: string) {
    await this.db.updateTable('questions').set({
      status: state.status, answered_at: state.answeredAt, outcome: state.outcome ?? null, department_code: state.department?.code ?? null,
      department_name: state.department?.name ?? null, cms_updated_at: state.updatedAt ?? null, updated_at: at,
    }).where('receipt', '=', receipt).execute();
  }

  /** The latest CMS change copied here (null before any), and the oldest question handed over: where the sweep reads from. */
  async cmsWatermark(): Promise<{ latestChange: string | null; oldestDelivered: string | null }> {
    const row = await this.db.selectFrom('questions')
      .select((e) => [e.fn.max('cms_updated_at').as('latest'), e.fn.min('received_at').as('oldest')]).where('delivered_at', 'is not', null).executeTakeFirst();
    return { latestChange: (row?.latest as string | null) ?? null, oldestDelivered: (row?.oldest as string | null) ?? null };
  }

  async byReceipts(receipts: string[]): Promise<QuestionRow[]> {
    const rows: QuestionRow[] = [];
    for (let i = 0; i < receipts.length; i += 500) {
      rows.push(...(await this.db.selectFrom('questions').selectAll().where('receipt', 'in', receipts.slice(i, i + 500)).execute()));
    }
    return rows;
  }

  async open(): Promise<QuestionRow[]> {
    return this.db.selectFrom('questions').selectAll().where('status', '=', 'pending').orderBy('due_at').execute();
  }

  async overdue(now: string): Promise<QuestionRow[]> {
    return this.db.selectFrom('questions').selectAll().where('status', '=', 'pending').where('due_at', '<', now).orderBy('due_at').execute();
  }

  /** Suggestions (建议) received in [from, to), for the open-government figures; nothing about who sent them. */
  async suggestionsBetween(from: string, to: string): Promise<Array<Pick<QuestionRow, 'site' | 'terminal' | 'department_code' | 'status' | 'outcome' | 'kind' | 'received_at'>>> {
    return this.db.selectFrom('questions').select(['site', 'terminal', 'department_code', 'status', 'outcome', 'kind', 'received_at'])
      .where('kind', '=', 'suggestion').where('received_at', '>=', from).where('received_at', '<', to).execute();
  }

  async receivedBetween(from: string, to: string): Promise<QuestionRow[]> {
    return this.db.selectFrom('questions').selectAll().where('received_at', '>=', from).where('received_at', '<', to).execute();
  }
}
