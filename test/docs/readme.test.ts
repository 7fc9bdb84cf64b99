import { readFileSync } from 'node:fs';
import path from 'node:path';
import { marked, type Token, type Tokens } from 'marked';
import { REPO } from '../support/cms';

/** The README is the front door: short, and its prerequisites are what CI installs. */
const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');

/** The packages named before the dash in the README's "Debian packages" item under Prerequisites, as marked reads it. */
function debianPackagesInReadme(): string[] {
  const tokens = marked.lexer(readme);
  const at = tokens.findIndex((t) => t.type === 'heading' && (t as Tokens.Heading).text === 'Prerequisites');
  const list = tokens.slice(at).find((t) => t.type === 'list') as Tokens.List;
  const item = list.items.find((i) => i.text.startsWith('Debian packages'));
  if (!item) throw new Error('README.md: the Prerequisites list has no item starting "Debian packages"');
  const spans: string[] = [];
  marked.walkTokens(marked.lexer(item.text.split(' — ')[0]), (t: Token) => { if (t.type === 'codespan') spans.push((t as Tokens.Codespan).text); });
  return spans;
}

describe('README.md', () => {
  it('names exactly the Debian packages .ci/run installs', () => {
    const ci = readFileSync(path.join(REPO, '.ci', 'run'), 'utf8');
    const installed = [...ci.matchAll(/missing\+=\(([a-z0-9.+-]+)\)/g)].map((m) => m[1]);
    expect(installed.length).toBeGreaterThanOrEqual(3);
    expect(debianPackagesInReadme().sort()).toEqual(installed.sort());
  });

  it('keeps to the front door: what it is, the two commands, prerequisites, where to go next', () => {
    const headings = marked.lexer(readme).filter((t) => t.type === 'heading').map((t) => (t as Tokens.Heading).text);
    expect(headings).toEqual(['同源 Tongyuan', 'Two commands', 'Prerequisites', 'Where to go next']);
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm test');
    expect(readme.split('\n').length).toBeLessThanOrEqual(80);
  });
});
