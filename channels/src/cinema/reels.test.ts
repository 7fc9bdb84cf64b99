import fc from 'fast-check';
import { chooseSegments } from './reels';

const REEL = { minSeconds: 180, maxSeconds: 300 };
// Segment lengths are whole frames at 25 fps, 30–90 s (CHANNELS.md).
const segmentSeconds = fc.integer({ min: 30 * 25, max: 90 * 25 }).map((frames) => frames / 25);
const segments = fc.array(segmentSeconds, { maxLength: 14 }).map((lengths) => lengths.map((seconds, i) => ({
  seconds, documentId: `doc-${i}`, publishedAt: `2026-11-${String(10 + i).padStart(2, '0')}T08:00:00Z`,
})));
const date = fc.integer({ min: 0, max: 365 }).map((day) => new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).toISOString().slice(0, 10));
const sum = (list: Array<{ seconds: number }>) => Math.round(list.reduce((s, x) => s + x.seconds, 0) * 100) / 100;

/** Whether some of the lengths add up to between min and max (by brute force: at most 2^14 subsets). */
function someReelFits(lengths: number[], reel: typeof REEL): boolean {
  for (let mask = 1; mask < 1 << lengths.length; mask += 1) {
    const total = lengths.reduce((s, x, i) => (mask & (1 << i) ? s + Math.round(x * 100) : s), 0);
    if (total >= reel.minSeconds * 100 && total <= reel.maxSeconds * 100) return true;
  }
  return false;
}

describe('a region\'s reel for a date', () => {
  // REEL_MIN_SECONDS and REEL_MAX_SECONDS are a deployment's choice: a narrow window (say 150–180 s) is where taking whatever fits falls short.
  const lengths = fc.integer({ min: 60, max: 300 }).chain((min) => fc.integer({ min, max: min + 120 }).map((max) => ({ minSeconds: min, maxSeconds: max })));

  it('is between the configured lengths on every date whenever the region\'s segments can make one, and never longer', () => {
    fc.assert(fc.property(segments, date, lengths, (candidates, day, reel) => {
      const chosen = chooseSegments(candidates, day, reel);
      expect(sum(chosen)).toBeLessThanOrEqual(reel.maxSeconds);
      if (someReelFits(candidates.map((c) => c.seconds), reel)) expect(sum(chosen)).toBeGreaterThanOrEqual(reel.minSeconds);
    }), { seed: 20261204, numRuns: 400 });
  });

  it('holds every segment, newest first, when they all fit', () => {
    fc.assert(fc.property(segments, date, (candidates, day) => {
      fc.pre(sum(candidates) <= REEL.maxSeconds);
      expect(chooseSegments(candidates, day, REEL).map((c) => c.documentId)).toEqual([...candidates].reverse().map((c) => c.documentId));
    }), { seed: 20261204, numRuns: 200 });
  });

  it('turns with the date when there are more than fit, so over the days every segment is shown', () => {
    const candidates = [88, 87, 86, 85, 84, 83, 82].map((seconds, i) => ({ seconds, documentId: `doc-${i}`, publishedAt: `2026-11-1${i}T08:00:00Z` }));
    const shown = new Set<string>();
    for (let day = 1; day <= 7; day += 1) {
      const chosen = chooseSegments(candidates, `2026-12-0${day}`, REEL);
      expect(sum(chosen)).toBeGreaterThanOrEqual(180);
      for (const c of chosen) shown.add(c.documentId);
    }
    expect(shown.size).toBe(candidates.length);
  });
});
