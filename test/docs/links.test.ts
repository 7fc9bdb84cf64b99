import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { marked, type Token, type Tokens } from 'marked';
import { REPO } from '../support/cms';

/** Every relative link in the README and docs/ points at a file that exists and, with a #fragment, at a heading in it. */
const DOCS = ['README.md', ...readdirSync(path.join(REPO, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

function plainText(tokens: Token[]): string {
  return tokens.map((t) => ('tokens' in t && t.tokens ? plainText(t.tokens) : 'text' in t ? String(t.text) : '')).join('');
}

/** GitHub's heading ids: lower case, punctuation and symbols dropped, spaces to hyphens, repeats numbered. */
function headingIds(markdown: string): Set<string> {
  const ids = new Set<string>();
  const seen = new Map<string, number>();
  for (const token of marked.lexer(markdown)) {
    if (token.type !== 'heading') continue;
    const base = plainText((token as Tokens.Heading).tokens).toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '').replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    ids.add(count ? `${base}-${count}` : base);
  }
  return ids;
}

function links(markdown: string): string[] {
  const found: string[] = [];
  marked.walkTokens(marked.lexer(markdown), (token) => {
    if (token.type === 'link' || token.type === 'image') found.push((token as Tokens.Link).href);
  });
  return found;
}

const isExternal = (href: string) => /^[a-z][a-z0-9+.-]*:/i.test(href);

/** Code spans naming a path in the repository (`publisher/src/config.ts`), not runtime data (`.tmp`) or placeholders (`<name>`). */
const TOP = new Set(readdirSync(REPO).filter((f) => !f.startsWith('.') && f !== 'node_modules' && statSync(path.join(REPO, f)).isDirectory()));
function repoPaths(markdown: string): string[] {
  const found: string[] = [];
  marked.walkTokens(marked.lexer(markdown), (token) => {
    const text = token.type === 'codespan' ? (token as Tokens.Codespan).text : '';
    if (/^[\w.@-]+(\/[\w.@-]+)+\/?$/.test(text) && TOP.has(text.split('/')[0]) && !text.includes('/.tmp')) found.push(text);
  });
  return found;
}

describe('links in the README and docs/', () => {
  it.each(DOCS)('%s links only to files and headings that exist', (doc) => {
    const markdown = readFileSync(path.join(REPO, doc), 'utf8');
    const broken: string[] = [];
    for (const href of links(markdown).filter((h) => !isExternal(h))) {
      const [target, fragment] = href.split('#');
      const file = target ? path.resolve(path.dirname(path.join(REPO, doc)), decodeURIComponent(target)) : path.join(REPO, doc);
      if (!existsSync(file)) { broken.push(`${href}: no such file`); continue; }
      if (fragment === undefined) continue;
      if (!file.endsWith('.md') || statSync(file).isDirectory()) { broken.push(`${href}: a fragment into something that is not markdown`); continue; }
      if (!headingIds(readFileSync(file, 'utf8')).has(decodeURIComponent(fragment))) broken.push(`${href}: no such heading`);
    }
    expect(broken).toEqual([]);
  });

  it.each(DOCS)('%s names only source paths that exist', (doc) => {
    const gone = repoPaths(readFileSync(path.join(REPO, doc), 'utf8')).filter((p) => !existsSync(path.join(REPO, p)));
    expect(gone).toEqual([]);
  });

  it('finds links, paths and headings as GitHub names them', () => {
    expect(repoPaths('`publisher/src/config.ts`, `npm start`, `publisher/.tmp/x.db`, `channels/src/<name>/*`, `a/b`')).toEqual(['publisher/src/config.ts']);
    expect(links('[a](docs/api.md) and ![b](x.png) in a [c](#d)')).toEqual(['docs/api.md', 'x.png', '#d']);
    expect([...headingIds('# Q&A desk, `npm start`\n## Workflow (莒县：政府办牵头)\n## Workflow (莒县：政府办牵头)')])
      .toEqual(['qa-desk-npm-start', 'workflow-莒县政府办牵头', 'workflow-莒县政府办牵头-1']);
    expect(links(readFileSync(path.join(REPO, 'README.md'), 'utf8')).filter((h) => h.startsWith('docs/')).length).toBeGreaterThanOrEqual(9);
  });
});
