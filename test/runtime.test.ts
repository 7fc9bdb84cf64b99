import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { REPO } from './support/cms';

/**
 * One Node.js line everywhere: the production images, the runtime CI installs (scripts/runtime.sh),
 * package.json engines and the Node type definitions the code is checked against.
 */
const script = readFileSync(path.join(REPO, 'scripts', 'runtime.sh'), 'utf8');
const line = Number(/^NODE_LINE=(\d+)$/m.exec(script)?.[1]);
const version = /^NODE_VERSION=(\d+\.\d+\.\d+)$/m.exec(script)?.[1] ?? '';
const workspaces: string[] = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).workspaces;
const manifests = ['.', ...workspaces].map((dir) => ({ dir, json: JSON.parse(readFileSync(path.join(REPO, dir, 'package.json'), 'utf8')) }));

describe('the Node.js line', () => {
  it('is pinned in scripts/runtime.sh to a release of that line', () => {
    expect(line).toBeGreaterThanOrEqual(24);
    expect(version.split('.')[0]).toBe(String(line));
  });

  it('is what every production image and compose service runs', () => {
    const dockerfiles = readdirSync(path.join(REPO, 'deploy')).filter((f) => f.startsWith('Dockerfile.'));
    expect(dockerfiles.length).toBeGreaterThanOrEqual(2);
    for (const file of dockerfiles) {
      const bases = [...readFileSync(path.join(REPO, 'deploy', file), 'utf8').matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
      expect(bases.length).toBeGreaterThan(0);
      // Every stage is a Node image of the line, tagged by its major (node:24-bookworm-slim), never node:lts or latest.
      for (const base of bases) expect({ file, base: base.replace(/^node:(\d+)(-[a-z0-9-]+)?$/, 'node:$1') }).toEqual({ file, base: `node:${line}` });
    }
    const services = parse(readFileSync(path.join(REPO, 'docker-compose.yml'), 'utf8'), { merge: true }).services as Record<string, any>;
    const nodeImages = Object.values(services).map((s) => s.image).filter((image) => typeof image === 'string' && /^node:/.test(image));
    for (const image of nodeImages) expect(image).toMatch(new RegExp(`^node:${line}(-|$)`));
  });

  it('is the one package.json engines allow, and the one @types/node describes', () => {
    const engines = manifests.filter((m) => m.json.engines?.node);
    expect(engines.map((m) => m.dir)).toContain('.');
    for (const { dir, json } of engines) {
      // Written ">=24.11 <25": from a release of the line, below the next major.
      const range = /^>=(\d+)\.(\d+) <(\d+)$/.exec(json.engines.node);
      expect({ dir, range: json.engines.node, ok: Boolean(range) }).toEqual({ dir, range: json.engines.node, ok: true });
      const [, major, minor, below] = range!.map(Number);
      expect([major, below]).toEqual([line, line + 1]);
      expect(Number(version.split('.')[1])).toBeGreaterThanOrEqual(minor);
    }
    const types = manifests.map((m) => m.json.devDependencies?.['@types/node'] ?? m.json.dependencies?.['@types/node']).filter(Boolean);
    expect(types.length).toBeGreaterThan(0);
    for (const range of types) expect(range).toMatch(new RegExp(`^\\^${line}\\.`));
  });

  it('is what .ci/run and the README put on PATH before installing', () => {
    const ci = readFileSync(path.join(REPO, '.ci', 'run'), 'utf8');
    expect(ci.indexOf('\n. scripts/runtime.sh\n')).toBeGreaterThan(0);
    expect(ci.indexOf('\n. scripts/runtime.sh\n')).toBeLessThan(ci.indexOf('\nnpm install\n'));
    const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
    expect(readme).toContain(`Node.js ${line} (LTS`);
    expect(readme).toContain('`. scripts/runtime.sh`');
  });

  // .ci/run sources scripts/runtime.sh, which exports the line; a shell that did not is not set up for it.
  const exported = process.env.TONGYUAN_NODE_LINE;
  (exported === undefined ? it.skip : it)('runs the suite on it when scripts/runtime.sh set it up', () => {
    expect(exported).toBe(String(line));
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(line);
  });
});

describe('scripts/runtime.sh', () => {
  /** A copy of the script in its own repository folder, with stub `node` (and an `npm` that must not run) on PATH. */
  function sandbox(machineNode: string) {
    const root = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-runtime-'));
    mkdirSync(path.join(root, 'scripts'));
    mkdirSync(path.join(root, 'machine'));
    copyFileSync(path.join(REPO, 'scripts', 'runtime.sh'), path.join(root, 'scripts', 'runtime.sh'));
    stub(path.join(root, 'machine'), machineNode);
    writeFileSync(path.join(root, 'machine', 'npm'), '#!/bin/sh\necho "npm $*" >&2\nexit 9\n');
    chmodSync(path.join(root, 'machine', 'npm'), 0o755);
    const run = () =>
      execFileSync('bash', ['-c', '. scripts/runtime.sh && echo "$PATH" && echo "${npm_config_nodedir:-}" && echo "$TONGYUAN_NODE_LINE"'], {
        cwd: root, env: { PATH: `${path.join(root, 'machine')}:/usr/bin:/bin` }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
      }).trim().split('\n');
    return { root, run };
  }
  function stub(dir: string, version: string) {
    const body = `#!/bin/sh\ncase "$*" in -v) echo v${version};; *split*) echo ${version.split('.')[0]};; *) echo ${version};; esac\n`;
    writeFileSync(path.join(dir, 'node'), body);
    chmodSync(path.join(dir, 'node'), 0o755);
  }
  const arch = os.arch() === 'arm64' ? 'arm64' : 'x64';

  it('leaves a node of the line alone: nothing installed, PATH as it was', () => {
    const { root, run } = sandbox(`${line}.0.0`);
    try {
      const [pathVar, nodedir, exported] = run();
      expect(pathVar.split(':')[0]).toBe(path.join(root, 'machine'));
      expect(nodedir).toBe('');
      expect(exported).toBe(String(line));
      expect(existsSync(path.join(root, '.runtime'))).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('puts the installed build first on PATH and its headers in npm_config_nodedir for an older node', () => {
    const { root, run } = sandbox('20.20.0');
    const dir = path.join(root, '.runtime', `node-v${version}-linux-${arch}`);
    try {
      mkdirSync(path.join(dir, 'bin'), { recursive: true });
      mkdirSync(path.join(dir, 'include', 'node'), { recursive: true });
      writeFileSync(path.join(dir, 'include', 'node', 'node.h'), '');
      stub(path.join(dir, 'bin'), version);
      const [pathVar, nodedir, exported] = run(); // the npm stub exits 9 if the script tried to download again
      expect(pathVar.split(':')[0]).toBe(path.join(dir, 'bin'));
      expect(nodedir).toBe(dir);
      expect(exported).toBe(String(line));
      // A build that is not the pinned release is refused, not used.
      stub(path.join(dir, 'bin'), `${line}.0.0`);
      expect(run).toThrow(/is not/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
