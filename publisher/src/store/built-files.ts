import type { ArtifactRef, BuiltFile } from '@tongyuan/channels';
import type { Db } from './db';

/**
 * Files channels' follow-ups build from several live renditions (the print channel's booklet per
 * brand column), by channel and key. A row points at a finished, stored file only; the file is
 * served from /files while its row exists.
 */
export class BuiltFileStore {
  constructor(private readonly db: Db) {}

  async list(channel: string): Promise<BuiltFile[]> {
    const rows = await this.db.selectFrom('built_files').selectAll().where('channel', '=', channel).orderBy('key').execute();
    return rows.map((r) => ({
      key: r.key, title: r.title, builtAt: r.built_at,
      file: JSON.parse(r.file) as ArtifactRef,
      body: JSON.parse(r.body) as Record<string, unknown>,
    }));
  }

  async save(channel: string, built: BuiltFile): Promise<void> {
    const values = {
      channel, key: built.key, title: built.title, sha256: built.file.sha256, file: JSON.stringify(built.file), body: JSON.stringify(built.body), built_at: built.builtAt,
    };
    await this.db.insertInto('built_files').values(values)
      .onConflict((oc) => oc.columns(['channel', 'key']).doUpdateSet({ ...values }))
      .execute();
  }

  async removeExcept(channel: string, keys: string[]): Promise<number> {
    const rows = await this.db.selectFrom('built_files').select('key').where('channel', '=', channel).execute();
    const gone = rows.filter((r) => !keys.includes(r.key));
    for (const r of gone) await this.db.deleteFrom('built_files').where('channel', '=', channel).where('key', '=', r.key).execute();
    return gone.length;
  }

  /** The channel whose built file this is, for serving and counting its downloads. */
  async ownerOf(sha256: string): Promise<string | null> {
    const row = await this.db.selectFrom('built_files').select('channel').where('sha256', '=', sha256).limit(1).executeTakeFirst();
    return row?.channel ?? null;
  }
}
