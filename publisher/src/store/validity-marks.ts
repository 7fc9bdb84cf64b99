import type { Db } from './db';

export interface ValidityMark { status: string; endedOn: string | null }

/**
 * The validity each live document was last announced with. A document's validity changes without
 * a render (a basis ends with the day, a clerk moves an end date): the change is announced by
 * change rows on every channel it is live on, once, by whichever worker gets there first.
 */
export class ValidityMarks {
  constructor(private readonly db: Db) {}

  async all(): Promise<Map<string, ValidityMark>> {
    const rows = await this.db.selectFrom('validity_marks').selectAll().execute();
    return new Map(rows.map((r) => [r.document_id, { status: r.status, endedOn: r.ended_on }]));
  }

  /** First sight of a document: its validity is what it went live with, nothing to announce. */
  async first(documentId: string, mark: ValidityMark, at: string): Promise<void> {
    await this.db.insertInto('validity_marks').values({ document_id: documentId, status: mark.status, ended_on: mark.endedOn, marked_at: at })
      .onConflict((oc) => oc.column('document_id').doNothing()).execute();
  }

  /**
   * Moves a document's mark from `from` to `to` and adds a change row for each live channel, in one
   * transaction; false (nothing written) when another worker moved it first.
   */
  async announce(documentId: string, from: ValidityMark, to: ValidityMark, at: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      let update = trx.updateTable('validity_marks').set({ status: to.status, ended_on: to.endedOn, marked_at: at })
        .where('document_id', '=', documentId).where('status', '=', from.status);
      update = from.endedOn === null ? update.where('ended_on', 'is', null) : update.where('ended_on', '=', from.endedOn);
      const moved = await update.executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) return false;
      const live = await trx.selectFrom('live').select(['channel', 'hash']).where('document_id', '=', documentId).execute();
      if (live.length > 0) {
        await trx.insertInto('changes').values(live.map((l) => ({ channel: l.channel, document_id: documentId, hash: l.hash, kind: 'upsert' as const, at }))).execute();
      }
      return true;
    });
  }

  /** Documents no longer live anywhere keep no mark (published again, they start afresh). */
  async forgetGone(): Promise<void> {
    await this.db.deleteFrom('validity_marks').where('document_id', 'not in', this.db.selectFrom('live').select('document_id')).execute();
  }
}
