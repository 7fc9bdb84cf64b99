import { runDrills, SHORT, type DrillResult } from '../drills/drills';

/**
 * The fault drills of `npm run drill`, shortened: webhooks dropped, the worker SIGKILLed mid-job,
 * Redis restarted empty, the publisher restarted while publishes arrive, the CMS unreachable, the artifact disk full. Each
 * must end with nothing the CMS published missing from any channel. The artifact disk filled past
 * its free-space floor makes renders wait, not fail.
 */
let results: DrillResult[] = [];

beforeAll(async () => {
  results = await runDrills(SHORT);
}, 600_000);

it.each(['webhooks-dropped', 'worker-killed', 'redis-restarted', 'publisher-restarted', 'cms-unreachable', 'artifact-disk-full'])('loses nothing in the %s drill, and recovers by itself', (name) => {
  const result = results.find((r) => r.drill === name);
  expect(result).toBeDefined();
  expect({ drill: name, lost: result!.lost }).toEqual({ drill: name, lost: 0 });
  expect(result!.recoverySeconds).not.toBeNull();
  expect(result!.recoverySeconds!).toBeLessThan(SHORT.recoveryMs / 1000);
});
