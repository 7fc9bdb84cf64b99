import { createRequire } from 'node:module';
import { FULL, runDrills, SHORT } from './drills';

/**
 * `npm run drill` (`-- --quick` for the shortened drills the test suite also runs; `-- --replicas` for two API
 * processes and two workers on PostgreSQL; `-- --s3` with the artifacts in an S3-compatible server): boots the real parts, runs every fault drill, prints what was lost
 * and how long recovery took, and exits non-zero when anything was lost.
 */
async function main() {
  // The tests' global set-up: compiles the CMS (cms/dist) and builds the admin panel when stale.
  await (createRequire(__filename)('../support/global-setup.js') as () => Promise<void>)();
  const quick = process.argv.includes('--quick');
  // `-- --replicas`: two API processes and two workers on a temporary PostgreSQL database (issue 22).
  // `-- --s3`: artifacts and the render cache in a local S3-compatible server (STORAGE=s3); adds the object-store drill.
  const results = await runDrills(quick ? SHORT : FULL, (line) => console.log(line), { replicas: process.argv.includes('--replicas'), s3: process.argv.includes('--s3') });
  console.log('\n演练结果');
  console.table(results.map((r) => ({
    drill: r.drill, fault: r.fault, 'publications lost': r.lost,
    'recovery (s)': r.recoverySeconds === null ? '未恢复' : r.recoverySeconds.toFixed(1), 'longest publish→live (s)': r.longestWaitSeconds.toFixed(1), note: r.note,
  })));
  const lost = results.reduce((n, r) => n + r.lost, 0);
  console.log(`publications lost: ${lost}`);
  process.exit(lost === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
