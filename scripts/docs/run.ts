import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { configTables } from './config-table';
import { lineDiff, readRegion, REGENERATE, writeRegion } from './generated';
import { measurementsTable } from './measurements';

/**
 * `npm run docs` rewrites the generated tables in docs/ from the code and the bench results;
 * `npm run docs -- --check` only says which are out of date (exit code 1).
 */
const DOCS = path.resolve(__dirname, '..', '..', 'docs');

export const generatedDocs: Record<string, Record<string, () => string>> = {
  'configuration.md': configTables,
  'measurements.md': { 'latest bench figures': () => measurementsTable() },
};

/** For each generated region: its file, name, the committed text and what the code says now. */
export function compareGenerated() {
  return Object.entries(generatedDocs).flatMap(([file, regions]) => {
    const document = readFileSync(path.join(DOCS, file), 'utf8');
    return Object.entries(regions).map(([name, make]) => ({ file, name, committed: readRegion(document, name).trim(), generated: make().trim() }));
  });
}

function main(check: boolean) {
  let stale = 0;
  for (const [file, regions] of Object.entries(generatedDocs)) {
    const target = path.join(DOCS, file);
    let document = readFileSync(target, 'utf8');
    for (const [name, make] of Object.entries(regions)) {
      const generated = make();
      if (readRegion(document, name).trim() === generated.trim()) continue;
      stale += 1;
      console.log(`docs/${file}, ${name}: ${check ? 'out of date' : 'rewritten'}\n${lineDiff(generated, readRegion(document, name))}`);
      document = writeRegion(document, name, generated);
    }
    if (!check) writeFileSync(target, document);
  }
  if (check && stale) {
    console.log(`run ${REGENERATE} and commit docs/`);
    process.exitCode = 1;
  }
}

if (require.main === module) main(process.argv.includes('--check'));
