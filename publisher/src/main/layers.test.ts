import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Narrow dependencies (issue 17): only main/ (the wiring) sees the whole set of services; every
 * operation below it declares the few it uses. A file outside main/ importing services — even a
 * type — fails here, naming the file.
 */
const SRC = path.resolve(__dirname, '..');
const SERVICES = [path.join(SRC, 'services'), path.join(SRC, 'main', 'services')];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** Every module a file names: import/export … from, import(), require(). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)].map((m) => m[1]);
  return specifiers.filter((s) => s.startsWith('.')).map((s) => path.resolve(path.dirname(file), s).replace(/\.(js|ts)$/, ''));
}

const importsServices = (file: string) => importsOf(file).some((target) => SERVICES.includes(target));

it('finds the wiring\'s own import of the services (the check can see one)', () => {
  expect(importsServices(path.join(SRC, 'main', 'wiring.ts'))).toBe(true);
});

it('keeps every file outside main/ from importing the services', () => {
  const below = sourceFiles(SRC).filter((file) => !file.startsWith(path.join(SRC, 'main') + path.sep));
  expect(below.length).toBeGreaterThan(100);
  expect(below.filter(importsServices).map((file) => path.relative(SRC, file))).toEqual([]);
});
