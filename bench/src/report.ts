import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

declare const judgedBrand: unique symbol;

/**
 * One row of the results table: what was measured, the goal, the figure, and whether it met the goal.
 * Made only by `judged` or `informative` (verdict.ts), which write goal and verdict from one structure.
 */
export interface Figure {
  readonly [judgedBrand]: true;
  name: string;
  goal: string;
  measured: string;
  ratio?: string;
  verdict: 'met' | 'missed' | 'info';
  raw: Record<string, unknown>;
}

export function printTable(figures: Figure[]): void {
  const rows = [['figure', 'goal', 'measured', 'ratio', 'verdict'], ...figures.map((f) => [f.name, f.goal, f.measured, f.ratio ?? '', f.verdict])];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => width(r[i]))));
  for (const [index, row] of rows.entries()) {
    console.log(row.map((cell, i) => cell + ' '.repeat(widths[i] - width(cell))).join(' │ '));
    if (index === 0) console.log(widths.map((w) => '─'.repeat(w)).join('─┼─'));
  }
}

/** Chinese characters and full-width punctuation take two columns in a terminal (≤ and × take one). */
const width = (text: string) => [...text].reduce((n, ch) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1), 0);

/** `file`: write there again (a long run's results so far, replaced as it goes on) rather than a new file. */
export function writeResults(figures: Figure[], options: { quick: boolean; file?: string }): string {
  const dir = path.resolve(__dirname, '..', 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = options.file ?? path.join(dir, `${stamp}${options.quick ? '-quick' : ''}.json`);
  const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` };
  writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), quick: options.quick, machine, figures }, null, 2)}\n`);
  return file;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
