import type { ArtifactRef, FollowUpDeps, LiveRendition } from '../channel';
import { logBuild, waitForRendersInFlight } from '../follow-up-settling';
import type { ReelView } from '../hooks';
import { silentReasonOf } from '../video/narration';
import type { CinemaPayload } from './channel';

/**
 * Cinema reels (送电影下乡): for each screening region and each day from today to `days` ahead,
 * the live segments that target the region and are still valid that day, joined by stream copy
 * into one MP4. Rebuilt by the cinema channel's follow-up whenever what is live changed (and by
 * the minute's sweep for the date); a reel whose segments are unchanged is left alone, so a
 * rebuild with nothing to do costs a few queries.
 *
 * While more cinema segments are queued or rendering, a reel that holds only segments still live
 * and in force waits for them (`postponed`, the rule of ../follow-up-settling.ts), so the reel is
 * joined once with all of them rather than once per segment (a demo load of ten segments joined 53
 * reels, most of them replaced seconds later). A reel holding a segment withdrawn, replaced or no
 * longer in force is rebuilt at once, renders or not.
 */
export interface ReelBuildReport { built: number; unchanged: number; removed: number; joined: number; postponed: number }

type Segment = ReelView['segments'][number] & { regions: CinemaPayload['regions']; validTo: string | null; publishedAt: string };

export async function buildReels(deps: FollowUpDeps<CinemaPayload>): Promise<ReelBuildReport> {
  const { reels } = deps;
  const today = deps.today();
  const segments = (await deps.live()).map(toSegment).filter((s): s is Segment => s !== null);
  // In force on each day of the window: a basis document that ends (or was ended by a later publish) takes its segment out.
  const inForce = new Map<string, Set<string>>();
  for (const date of daysFrom(today, reels.days)) {
    const ids = new Set<string>();
    for (const s of segments) if (await deps.inForce(s.documentId, s.validTo, date)) ids.add(s.documentId);
    inForce.set(date, ids);
  }
  const regions = new Map<string, string>();
  for (const s of segments) for (const r of s.regions) regions.set(r.code, r.name);

  const mayWait = await waitForRendersInFlight(deps);
  const report: ReelBuildReport = { built: 0, unchanged: 0, removed: 0, joined: 0, postponed: 0 };
  const made = new Map<string, { sha256: string; size: number }>(); // same segments on several days: one file
  const keep: Array<{ region: string; date: string }> = [];
  for (const date of daysFrom(today, reels.days)) {
    for (const [region, regionName] of regions) {
      const showable = segments.filter((s) => s.regions.some((r) => r.code === region) && inForce.get(date)!.has(s.documentId));
      const chosen = chooseSegments(showable, date, reels);
      if (chosen.length === 0) continue;
      keep.push({ region, date });
      // The silent flag is part of the key, so a reel built before it was recorded gets it.
      const key = chosen.map((s) => `${s.video.sha256}:${s.silent ?? ''}`).join(',');
      const existing = await reels.find(region, date);
      if (existing && existing.segments.map((s) => `${s.video.sha256}:${s.silent ?? ''}`).join(',') === key) {
        report.unchanged += 1;
        continue;
      }
      if (mayWait(existing?.segments.map(segmentIdentity), showable.map(segmentIdentity))) {
        report.postponed += 1;
        continue;
      }
      let file = made.get(key);
      if (!file) {
        file = await reels.join(chosen.map((s) => s.video));
        made.set(key, file);
        report.joined += 1;
      }
      await reels.save({
        region, regionName, date, ...file, seconds: round(chosen.reduce((sum, s) => sum + s.seconds, 0)),
        segments: chosen.map(({ documentId, hash, title, seconds, video, silent }) => ({ documentId, hash, title, seconds, video, silent })),
        builtAt: new Date().toISOString(),
      });
      report.built += 1;
    }
  }
  report.removed = await reels.removeExcept(keep);
  logBuild(deps, report, { today }, { built: '映前片已更新', waiting: '映前片等待渲染中的片段' });
  return report;
}

/** What a reel shows of a segment: a reel holding another revision (or silent flag) of it holds a replaced segment. */
const segmentIdentity = (s: Pick<Segment, 'documentId' | 'video' | 'silent'>) => `${s.documentId}:${s.video.sha256}:${s.silent ?? ''}`;

function toSegment(item: LiveRendition<CinemaPayload>): Segment | null {
  const video = item.artifacts.find((a: ArtifactRef) => a.name.endsWith('.mp4'));
  if (!video) return null;
  const { seconds, regions, validTo } = item.payload;
  return {
    documentId: item.documentId, hash: item.hash, title: item.title, seconds, video, regions, validTo, publishedAt: item.publishedAt,
    // Travels with the segment's video: the reel says so exactly as long as it holds the silent file.
    silent: silentReasonOf(item.payload),
  };
}

/**
 * Newest first while they fit the maximum; when there are more than fit, the starting point turns
 * with the date, so over a week every segment reaches every village. A segment is left out when
 * taking it would make a 3-minute reel impossible with what remains, so a region whose segments can
 * make a 3–5 minute reel always gets one (taking whatever fitted could stop at 168 s: a segment
 * too long for the gap left, on some dates and not others).
 */
export function chooseSegments<T extends { seconds: number; publishedAt: string; documentId: string }>(
  candidates: T[], date: string, length: { minSeconds: number; maxSeconds: number },
): T[] {
  const sorted = [...candidates].sort((a, b) => b.publishedAt.localeCompare(a.publishedAt) || a.documentId.localeCompare(b.documentId));
  const total = sorted.reduce((sum, s) => sum + s.seconds, 0);
  const start = total <= length.maxSeconds || sorted.length === 0 ? 0 : Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000) % sorted.length;
  const ordered = sorted.map((_, i) => sorted[(start + i) % sorted.length]);
  // Centiseconds: segment lengths are whole frames (0.04 s), so sums are exact.
  const units = ordered.map((s) => Math.round(s.seconds * 100));
  const [min, max] = [Math.round(length.minSeconds * 100), Math.round(length.maxSeconds * 100)];
  const reachable = suffixSums(units, max);
  const canFinish = (i: number, sum: number) => {
    for (let t = Math.max(0, min - sum); t <= max - sum; t += 1) if (reachable[i][t]) return true;
    return false;
  };
  const aimForMin = canFinish(0, 0);
  const chosen: T[] = [];
  let sum = 0;
  for (let i = 0; i < ordered.length; i += 1) {
    if (sum + units[i] > max) continue;
    if (aimForMin && !canFinish(i + 1, sum + units[i])) continue;
    chosen.push(ordered[i]);
    sum += units[i];
  }
  return chosen;
}

/** reachable[i][t]: some subset of units[i..] sums to exactly t (t ≤ max). */
function suffixSums(units: number[], max: number): Uint8Array[] {
  const reachable: Uint8Array[] = new Array(units.length + 1);
  reachable[units.length] = new Uint8Array(max + 1);
  reachable[units.length][0] = 1;
  for (let i = units.length - 1; i >= 0; i -= 1) {
    const next = reachable[i + 1];
    const here = next.slice();
    for (let t = units[i]; t <= max; t += 1) if (next[t - units[i]]) here[t] = 1;
    reachable[i] = here;
  }
  return reachable;
}

function daysFrom(today: string, count: number): string[] {
  const start = Date.parse(`${today}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
}

const round = (n: number) => Math.round(n * 100) / 100;
