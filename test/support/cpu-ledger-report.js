/** Sums a TONGYUAN_CPU_LEDGER file (test/support/cpu-ledger.ts): CPU seconds and wall seconds per test file, costliest first. */
const { readFileSync } = require('node:fs');

const lines = readFileSync(process.argv[2], 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const byWorker = new Map();
for (const line of lines) byWorker.set(line.pid, [...(byWorker.get(line.pid) ?? []), line]);
const rows = [];
for (const entries of byWorker.values()) {
  const starts = entries.filter((e) => e.mark === 'start');
  for (const [i, start] of starts.entries()) {
    // Up to the next file's start (its stack stopped and reaped by then), or for the worker's last file its end.
    const until = starts[i + 1] ?? entries.find((e) => e.mark === 'end' && e.file === start.file);
    if (until) rows.push({ file: start.file, cpu: until.cpu - start.cpu, wall: (until.at - start.at) / 1000 });
  }
}
rows.sort((a, b) => b.cpu - a.cpu);
const total = rows.reduce((sum, r) => sum + r.cpu, 0);
console.log(`${rows.length} files, ${total.toFixed(0)} CPU s in all`);
for (const r of rows) console.log(`${r.cpu.toFixed(1).padStart(7)} CPU s ${r.wall.toFixed(0).padStart(5)} s wall  ${r.file}`);
