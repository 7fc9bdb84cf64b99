import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * With TONGYUAN_CPU_LEDGER=<file>, notes per test file the CPU this jest worker and every child it has reaped
 * (CMS, publisher, Chromium, ffmpeg) have used so far. The difference between one file's line and the next of the
 * same worker is what that file cost the two cores: the suite's budget is CPU, and wall times on a shared machine
 * hide which file spends it. `node test/support/cpu-ledger-report.js <file>` sums it up.
 */
const ledger = process.env.TONGYUAN_CPU_LEDGER;

/** utime + stime + cutime + cstime of this process, in seconds (/proc/self/stat, clock ticks of 1/100 s). */
function cpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / 100;
}

function note(file: string, mark: 'start' | 'end'): void {
  appendFileSync(ledger!, `${JSON.stringify({ pid: process.pid, file, mark, cpu: cpuSeconds(), at: Date.now() })}\n`);
}

if (ledger) {
  const file = path.relative(path.resolve(__dirname, '..', '..'), expect.getState().testPath ?? 'unknown');
  note(file, 'start');
  // The worker's last file has no next start; its end (before the file's own afterAll stops its stack) stands in.
  afterAll(() => note(file, 'end'));
}
