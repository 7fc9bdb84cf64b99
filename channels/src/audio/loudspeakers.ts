import type { ArtifactRef, FollowUpDeps, LiveRendition } from '../channel';
import { logBuild, waitForRendersInFlight } from '../follow-up-settling';
import type { AudioPayload } from './channel';

/**
 * Village loudspeakers (村村响): for each broadcast region — the screening regions (放映区域) the
 * interpretation targets, the same villages the film teams visit — and each day from today to
 * `days` ahead, the playlist of the audio programmes live and in force that day, newest first, up
 * to `maxSeconds`, and ONE MP3 joined from them by stream copy (every programme is the same MP3
 * format at −16 LUFS, so the join keeps both and costs no encode). Days whose playlists are the
 * same share one joined file; a basis that ends on Thursday leaves Friday's playlist. Rebuilt by
 * the audio channel's follow-up whenever what is live changed and on the minute's sweep (a new
 * day, validity that ended); a region-day whose playlist is unchanged is left alone, and one with
 * nothing left (or a day gone by) is removed. While more audio programmes are queued or rendering,
 * a playlist that holds only programmes still live and in force waits for them (`postponed`, the
 * rule of ../follow-up-settling.ts): a burst of publishes is joined once, not once per programme;
 * one holding a withdrawn, replaced or ended programme is rebuilt at once.
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
export interface LoudspeakerReport { built: number; unchanged: number; removed: number; joined: number; postponed: number }

export const loudspeakerKey = (region: string, date: string) => `region:${region}:${date}`;
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
  const days = daysFrom(today, deps.loudspeakers.days);
  const programmes: Array<{ item: LiveRendition<AudioPayload>; file: ArtifactRef; inForce: Set<string> }> = [];
  for (const item of await deps.live()) {
    const file = mp3Of(item);
    if ((item.payload.regions ?? []).length === 0 || !file) continue; // a programme rendered before regions were recorded targets none
    const inForce = new Set<string>();
    for (const day of days) if (await deps.inForce(item.documentId, item.payload.validTo ?? null, day)) inForce.add(day);
    if (inForce.size) programmes.push({ item, file, inForce });
  }
  const regions = new Map<string, string>();
  for (const { item } of programmes) for (const r of item.payload.regions ?? []) regions.set(r.code, r.name);

  const existing = new Map((await deps.builtFiles.list()).map((b) => [b.key, b.body as LoudspeakerBody]));
  const mayWait = await waitForRendersInFlight(deps);
  const report: LoudspeakerReport = { built: 0, unchanged: 0, removed: 0, joined: 0, postponed: 0 };
  const joined = new Map<string, { sha256: string; size: number }>(); // regions and days with the same playlist share one file
  const keep: string[] = [];
  for (const date of days) {
    for (const [code, name] of regions) {
      const region = { code, name };
      const candidates = programmes.filter((p) => p.inForce.has(date) && (p.item.payload.regions ?? []).some((r) => r.code === code)).map(({ item, file }) => ({
        documentId: item.documentId, title: item.title, department: item.payload.department, seconds: item.payload.seconds, file, publishedAt: item.publishedAt,
      }));
      const chosen = choosePlaylist(candidates, deps.loudspeakers.maxSeconds);
      if (chosen.length === 0) continue; // nothing in force that day, or every programme longer than the limit
      const key = loudspeakerKey(code, date);
      keep.push(key);
      const files = chosen.map((c) => c.file.sha256).join(',');
      const signature = JSON.stringify([region, date, files, chosen.map((c) => c.title)]);
      const previous = existing.get(key);
      if (previous?.signature === signature) {
        report.unchanged += 1;
        continue;
      }
      if (mayWait(previous?.items.map(programmeIdentity), candidates.map(programmeIdentity))) {
        report.postponed += 1;
        continue;
      }
      let made = joined.get(files);
      if (!made) {
        made = await deps.reels.join(chosen.map((c) => c.file));
        joined.set(files, made);
        report.joined += 1;
      }
      const seconds = Math.round(chosen.reduce((sum, c) => sum + c.seconds, 0) * 100) / 100;
      const body: LoudspeakerBody = { region, date, items: chosen.map(({ publishedAt: _p, ...rest }) => rest), seconds, signature };
      const file: ArtifactRef = { name: joinedFileName(name, date), mime: 'audio/mpeg', ...made };
      await deps.builtFiles.save({ key, title: `${name} ${date} 村村响`, file, body, builtAt: new Date().toISOString() });
      report.built += 1;
    }
  }
  report.removed = await deps.builtFiles.removeExcept(keep);
  logBuild(deps, report, { today }, { built: '村村响节目已更新', waiting: '村村响节目等待渲染中的节目' });
  return report;
}

/** `count` days from `today` (YYYY-MM-DD), today first. */
export function daysFrom(today: string, count: number): string[] {
  const start = Date.parse(`${today}T00:00:00Z`);
  return Array.from({ length: Math.max(1, count) }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
}

/** What a playlist shows of a programme: another revision's file or title is a replaced programme. */
const programmeIdentity = (p: Pick<LoudspeakerItem, 'documentId' | 'title' | 'file'>) => `${p.documentId}:${p.file.sha256}:${p.title}`;
const mp3Of = (item: LiveRendition<AudioPayload>) => item.artifacts.find((a) => a.mime === 'audio/mpeg' && a.name.endsWith('.mp3'));
