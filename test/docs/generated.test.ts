import { z } from 'zod';
import { configSchema } from '../../publisher/src/config';
import { settingsSchema, STRAPI_VARIABLES } from '../../cms/src/settings';
import { schemaRows } from '../../scripts/docs/config-table';
import { lineDiff, REGENERATE } from '../../scripts/docs/generated';
import { latestFigures, readRuns } from '../../scripts/docs/measurements';
import { compareGenerated, generatedDocs } from '../../scripts/docs/run';

/** docs/configuration.md and docs/measurements.md hold tables generated from the code: they must say what it says now. */
const regions = Object.entries(generatedDocs).flatMap(([file, names]) => Object.keys(names).map((name) => ({ file, name })));

describe('generated docs', () => {
  it.each(regions)('docs/$file: "$name" is what the code says now', ({ file, name }) => {
    const region = compareGenerated().find((r) => r.file === file && r.name === name)!;
    if (region.committed !== region.generated) {
      throw new Error(`docs/${file}, "${name}", differs from the code: run \`${REGENERATE}\` and commit docs/${file}.\n` +
        `(+ what the code says, - what the file says)\n${lineDiff(region.generated, region.committed)}`);
    }
    expect(region.committed.split('\n').length).toBeGreaterThan(2);
  });

  it('lists every option of each schema by name, with its default and description', () => {
    const committed = compareGenerated();
    const table = (name: string) => committed.find((r) => r.name === name)!.committed;
    for (const [schema, name] of [[configSchema, 'publisher configuration'], [settingsSchema, 'CMS settings']] as const) {
      const rows = table(name).split('\n').slice(2);
      expect(rows.map((row) => row.split(' | ')[0].replace(/^\| `|`$/g, ''))).toEqual(Object.keys(schema.shape));
      for (const row of rows) expect(row.split(' | ').map((cell) => cell.trim()).every((cell) => cell.replace(/[|`]/g, '') !== '')).toBe(true);
    }
    expect(table("Strapi's variables")).toContain('`DATABASE_POOL_MAX` | `10` |');
    expect(table("Strapi's variables").split('\n').length - 2).toBe(STRAPI_VARIABLES.length);
    expect(table('publisher configuration')).toContain('| `RECONCILE_INTERVAL_MS` | `5000` | integer ≥ 500 | how often the reconciler');
  });

  it('refuses an option without a description, saying where to add one', () => {
    const schema = z.object({ DESCRIBED: z.string().default('x').describe('why'), BARE: z.coerce.number().default(3) });
    expect(() => schemaRows(schema, 'publisher/src/config.ts'))
      .toThrow(`BARE in publisher/src/config.ts has no description: give it .describe('what it is for, and why its default') and run ${REGENERATE}`);
  });

  it('shows the newest full run of each figure, leaving out quick runs and figures renamed since', () => {
    const figure = (name: string, measured: string) => ({ name, goal: 'g', measured, verdict: 'met' });
    const runs = [
      { at: '2026-01-01T00:00:00Z', quick: false, file: 'a.json', figures: [figure('full republish: 9 documents', 'old name'), figure('reel', '1 s')] },
      { at: '2026-01-02T00:00:00Z', quick: false, file: 'b.json', figures: [figure('full republish, redrawn: 9 documents', '90 s')] },
      { at: '2026-01-03T00:00:00Z', quick: true, file: 'c.json', figures: [figure('reel', 'quick')] },
    ];
    expect(latestFigures(runs).map(({ figure: f, run }) => [f.name, f.measured, run.file])).toEqual([
      ['reel', '1 s', 'a.json'],
      ['full republish, redrawn: 9 documents', '90 s', 'b.json'],
    ]);
    expect(latestFigures(readRuns()).length).toBeGreaterThan(10);
  });
});
