/**
 * Parts of the docs that are generated: each sits between two HTML comments naming it, so the prose around
 * it is written by hand and the table inside is rewritten by `npm run docs`.
 */
export const REGENERATE = 'npm run docs';

const begin = (name: string) => `<!-- generated: ${name} (${REGENERATE} rewrites what follows, up to its end mark) -->`;
const end = (name: string) => `<!-- end of generated: ${name} -->`;

/** The text between a region's marks, or an error saying the marks are missing. */
export function readRegion(document: string, name: string): string {
  const from = document.indexOf(begin(name));
  const to = document.indexOf(end(name));
  if (from < 0 || to < from) throw new Error(`the generated region "${name}" has lost its marks: put back\n${begin(name)}\n${end(name)}`);
  return document.slice(from + begin(name).length, to);
}

/** The document with the region's content replaced. */
export function writeRegion(document: string, name: string, content: string): string {
  const old = readRegion(document, name);
  const at = document.indexOf(begin(name)) + begin(name).length;
  return document.slice(0, at) + `\n${content.trimEnd()}\n` + document.slice(at + old.length);
}

/** A markdown table; cells may hold any text (pipes and line breaks are escaped). */
export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|').replace(/\n/g, ' ')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Lines of `expected` and `actual` that differ, for a failure message a person can act on. */
export function lineDiff(expected: string, actual: string): string {
  const want = expected.trim().split('\n');
  const have = actual.trim().split('\n');
  const out: string[] = [];
  for (const line of want) if (!have.includes(line)) out.push(`+ ${line}`);
  for (const line of have) if (!want.includes(line)) out.push(`- ${line}`);
  return out.join('\n');
}
