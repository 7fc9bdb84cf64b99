import type { ArtifactRef, FollowUpDeps, LiveRendition } from '../channel';
import type { AudioPayload } from './channel';

/**
 * Village loudspeakers (村村响): for each broadcast region — the screening regions (放映区域) the
 * interpretation targets, the same villages the film teams visit — the day's playlist of the audio
 * programmes live and in force today, newest first, up to `maxSeconds`, and ONE MP3 joined from
 * them by stream copy (every programme is the same MP3 format at −16 LUFS, so the join keeps both
 * and costs no encode). Rebuilt by the audio channel's follow-up whenever what is live changed and
 * on the minute's sweep (a new day, validity that ended); a region whose playlist is unchanged is
 * left alone, and one with nothing left is removed.
 */
export interface LoudspeakerItem { documentId: string; title: string; department: string | null; seconds: number; file: ArtifactRef }
export interface LoudspeakerBody extends Record<string, unknown> {
  region: { code: string; name: string };
  date: string;
  items: LoudspeakerItem[];
  /** The joined MP3's length: the sum of its programmes'. */
  seconds: number;
  signature: string;
}
export interface LoudspeakerReport { built: number; unchanged: number; removed: number }

export const loudspeakerKey = (region: string) => `region:${region}`;
export const joinedFileName = (regionName: string, date: string) => `村村响-${regionName}-${date}.mp3`;

interface Candidate { documentId: string; publishedAt: string; seconds: number }

/** Newest first; a programme that would run the playlist past `maxSeconds` is left for a shorter one after it. */
export function choosePlaylist<T extends Candidate>(candidates: T[], maxSeconds: number): T[] {
  const ordered = [...candidates].sort((a, b) => b.publishedAt.localeCompare(a.publishedAt) || a.documentId.localeCompare(b.documentId));
  const chosen: T[] = [];
  let seconds = 0;
  for (const item of ordered) {
    if (seconds + item.seconds > maxSeconds + 1e-6) continue;
    chosen.push(item);
    seconds += item.seconds;
  }
  return chosen;
}

export async function buildLoudspeakers(deps: FollowUpDeps<AudioPayload>): Promise<LoudspeakerReport> {
  const today = deps.today();
  const byRegion = new Map<string, { region: LoudspeakerBody['region']; items: Array<LoudspeakerItem & Candidate> }>();
  for (const item of await deps.live()) {
    const regions = item.payload.regions ?? []; // a programme rendered before regions were recorded targets none
    const file = mp3Of(item);
    if (regions.length === 0 || !file || !(await deps.inForce(item.documentId, item.payload.validTo ?? null, today))) continue;
    for (const region of regions) {
      const entry = byRegion.get(region.code) ?? { region: { code: region.code, name: region.name }, items: [] };
      entry.items.push({ documentId: item.documentId, title: item.title, department: item.payload.department, seconds: item.payload.seconds, file, publishedAt: item.publishedAt });
      byRegion.set(region.code, entry);
    }
  }
  const existing = new Map((await deps.builtFiles.list()).map((b) => [b.key, b.body as LoudspeakerBody]));
  const report: LoudspeakerReport = { built: 0, unchanged: 0, removed: 0 };
  const joined = new Map<string, { sha256: string; size: number }>(); // regions with the same playlist share one file
  const keep: string[] = [];
  for (const [code, { region, items }] of byRegion) {
    const chosen = choosePlaylist(items, deps.loudspeakers.maxSeconds);
    if (chosen.length === 0) continue; // every programme longer than the limit: nothing to broadcast
    keep.push(loudspeakerKey(code));
    const files = chosen.map((c) => c.file.sha256).join(',');
    const signature = JSON.stringify([region, today, files, chosen.map((c) => c.title)]);
    const key = loudspeakerKey(code);
    if (existing.get(key)?.signature === signature) {
      report.unchanged += 1;
      continue;
    }
    const made = joined.get(files) ?? (await deps.reels.join(chosen.map((c) => c.file)));
    joined.set(files, made);
    const seconds = Math.round(chosen.reduce((sum, c) => sum + c.seconds, 0) * 100) / 100;
    const body: LoudspeakerBody = { region, date: today, items: chosen.map(({ publishedAt: _p, ...rest }) => rest), seconds, signature };
    const file: ArtifactRef = { name: joinedFileName(region.name, today), mime: 'audio/mpeg', ...made };
    await deps.builtFiles.save({ key, title: `${region.name} ${today} 村村响`, file, body, builtAt: new Date().toISOString() });
    report.built += 1;
  }
  report.removed = await deps.builtFiles.removeExcept(keep);
  if (report.built || report.removed) deps.logger.info({ ...report, today }, '村村响节目已更新');
  return report;
}

const mp3Of = (item: LiveRendition<AudioPayload>) => item.artifacts.find((a) => a.mime === 'audio/mpeg' && a.name.endsWith('.mp3'));
