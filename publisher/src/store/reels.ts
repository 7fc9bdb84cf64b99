import type { ArtifactRef } from '@tongyuan/channels';
import type { Db } from './db';

/** A segment as a reel lists it: what a projectionist sees and can download on its own. */
export interface ReelSegment {
  documentId: string; hash: string; title: string; seconds: number; video: ArtifactRef;
  /** Why its video has no speech (from the rendition that made it), or null; absent in reels built before it was recorded. */
  silent?: string | null;
}

export interface Reel {
  region: string;
  regionName: string;
  date: string;
  sha256: string;
  size: number;
  seconds: number;
  segments: ReelSegment[];
  builtAt: string;
}

/** The current reel of each screening region and date. A reel row points at a finished, stored file only. */
export class ReelStore {
  constructor(private readonly db: Db) {}

  async list(options: { from?: string; region?: string } = {}): Promise<Reel[]> {
    let query = this.db.selectFrom('reels').selectAll();
    if (options.from) query = query.where('date', '>=', options.from);
    if (options.region) query = query.where('region', '=', options.region);
    const rows = await query.orderBy('date').orderBy('region').execute();
    return rows.map((r) => ({
      region: r.region, regionName: r.region_name, date: r.date, sha256: r.sha256, size: Number(r.size), seconds: Number(r.seconds),
      segments: JSON.parse(r.segments) as ReelSegment[], builtAt: r.built_at,
    }));
  }

  async find(region: string, date: string): Promise<Reel | undefined> {
    return (await this.list({ region })).find((r) => r.date === date);
  }

  async save(reel: Reel): Promise<void> {
    const values = {
      region: reel.region, region_name: reel.regionName, date: reel.date, sha256: reel.sha256, size: reel.size, seconds: reel.seconds,
      segments: JSON.stringify(reel.segments), built_at: reel.builtAt,
    };
    await this.db.insertInto('reels').values(values)
      .onConflict((oc) => oc.columns(['region', 'date']).doUpdateSet({ ...values }))
      .execute();
  }

  /** Past dates and regions no segment targets any more. */
  async removeExcept(keep: Array<{ region: string; date: string }>): Promise<number> {
    const rows = await this.db.selectFrom('reels').select(['region', 'date']).execute();
    const wanted = new Set(keep.map((k) => `${k.region}|${k.date}`));
    const gone = rows.filter((r) => !wanted.has(`${r.region}|${r.date}`));
    for (const r of gone) await this.db.deleteFrom('reels').where('region', '=', r.region).where('date', '=', r.date).execute();
    return gone.length;
  }
}
