import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { table } from './generated';

/**
 * docs/measurements.md's table of the newest figure of each kind from bench/results/*.json (full runs only,
 * not --quick), each with the date and file of its run, so a later `npm run bench` lands in the docs by
 * running `npm run docs`.
 */
export const RESULTS_DIR = path.resolve(__dirname, '..', '..', 'bench', 'results');

interface Figure { name: string; goal?: string; measured: string; verdict?: string; ratio?: string }
interface Run { at: string; quick: boolean; figures: Figure[]; file: string }
interface Latest { figure: Figure; run: Run }

export function readRuns(dir = RESULTS_DIR): Run[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => ({ ...JSON.parse(readFileSync(path.join(dir, file), 'utf8')), file }) as Run)
    .sort((a, b) => a.at.localeCompare(b.at));
}

/** Figures are renamed as benches grow; the words before the first comma or colon name what is measured. */
const kind = (name: string) => name.split(/[,:]/)[0].trim();

/** The newest full-run value of every figure still measured: one whose kind a later run measured under another name is retired. */
export function latestFigures(runs: Run[]): Latest[] {
  const full = runs.filter((run) => !run.quick);
  const latest = new Map<string, Latest>();
  for (const run of full) for (const figure of run.figures) latest.set(figure.name, { figure, run });
  const lastOfKind = new Map<string, string>();
  for (const run of full) for (const figure of run.figures) lastOfKind.set(kind(figure.name), run.at);
  return [...latest.values()].filter(({ figure, run }) => lastOfKind.get(kind(figure.name)) === run.at);
}

export function measurementsTable(runs = readRuns()): string {
  const rows = latestFigures(runs).map(({ figure, run }) => [
    figure.name,
    figure.goal ?? '',
    figure.ratio ? `${figure.measured} (${figure.ratio})` : figure.measured,
    figure.verdict ?? '',
    `[${run.at.slice(0, 10)}](../bench/results/${run.file})`,
  ]);
  return table(['figure', 'goal', 'measured', 'verdict', 'run'], rows);
}
