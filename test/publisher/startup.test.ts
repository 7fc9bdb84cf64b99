import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO } from '../support/cms';
import { freePort, startProcess, waitFor } from '../support/processes';
import { deleteRedisPrefix } from '../support/stack';
import { createDb } from '../../publisher/src/store/db';
import { OperatorTokens } from '../../publisher/src/store/tokens';

const TSX = ['--import', 'tsx'];
const API = path.join(REPO, 'publisher', 'src', 'main', 'api.ts');

describe('publisher start-up', () => {
  it('stops with a message naming each wrong variable', () => {
    const result = spawnSync(process.execPath, [...TSX, API], {
      env: { PATH: process.env.PATH, STRAPI_TOKEN: 'short', PORT: 'eighty' }, encoding: 'utf8', timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('发布服务配置有误，请修改这些环境变量');
    expect(result.stderr).toContain('STRAPI_TOKEN: STRAPI_TOKEN 至少 16 个字符');
    expect(result.stderr).toContain('HOOK_SECRET');
    expect(result.stderr).toContain('PORT');
  });

  it('keeps serving while the CMS is unreachable, says so once, and reports not ready', async () => {
    const port = await freePort();
    const deadCms = await freePort();
    const prefix = `tytest-down-${process.pid}`;
    const api = startProcess(process.execPath, [...TSX, API], {
      cwd: REPO,
      env: {
        ...process.env, PORT: String(port), HOST: '127.0.0.1', STRAPI_URL: `http://127.0.0.1:${deadCms}`,
        STRAPI_TOKEN: 'token-0123456789abcdef', HOOK_SECRET: 'secret-0123456789abcdef', QUEUE_PREFIX: prefix,
        DATABASE_URL: `file:${path.join(mkdtempSync(path.join(os.tmpdir(), 'ty-down-')), 'p.db')}`, RECONCILE_INTERVAL_MS: '500',
      },
    });
    try {
      await waitFor('the API', async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, 30_000);
      const warnings = () => api.output().split('\n').filter((l) => l.includes('CMS 暂时无法访问：已发布内容保持在线'));
      // The first reconcile round against the dead CMS says so (on a busy machine it may come a few seconds after start) …
      await waitFor('the warning', async () => warnings().length > 0, 20_000, 100);
      await new Promise((r) => setTimeout(r, 4000)); // … and the rounds after it, every 500 ms, say nothing more
      expect(api.child.exitCode).toBeNull();
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as any).checks.cms).toMatch(/^不可用/);
      expect(warnings()).toHaveLength(1);
    } finally {
      await api.stop();
      await deleteRedisPrefix(prefix);
    }
  }, 60_000);
});

describe('npm run token', () => {
  it('refuses an unknown channel and explains the usage', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ty-token-'));
    let message = '';
    try {
      execFileSync('npm', ['run', '--silent', 'token', '--', 'create', '--name', 'x', '--channels', 'web,fax'], {
        cwd: REPO, env: { ...process.env, DATABASE_URL: `file:${path.join(dir, 'p.db')}` }, encoding: 'utf8', stdio: 'pipe',
      });
    } catch (error) {
      message = String((error as { stderr: string }).stderr);
    }
    expect(message).toContain('未知渠道：fax');
    expect(message).toContain('npm run token -- create --name');
  });

  // The other suites make their tokens in-process (test/support/operator-token.ts); this is the command operators run.
  it('creates a token shown once that the store accepts with its scope, and revokes it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ty-token-'));
    const databaseUrl = `file:${path.join(dir, 'p.db')}`;
    const token = (args: string[]) => spawnSync('npm', ['run', '--silent', 'token', '--', ...args], {
      cwd: REPO, env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: 'utf8',
    });
    const created = token(['create', '--name', '莒县门户', '--channels', 'web,feeds', '--sites', 'juxian-portal']);
    expect(created.status).toBe(0);
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^ty_[\w-]{32}$/);
    expect(created.stderr).toContain('令牌只显示这一次');
    const db = createDb(databaseUrl);
    try {
      const tokens = new OperatorTokens(db);
      expect(await tokens.verify(secret)).toEqual({ name: '莒县门户', channels: ['web', 'feeds'], sites: ['juxian-portal'], isAdmin: false });
      expect(token(['revoke', '--name', '莒县门户']).stdout).toContain('已吊销“莒县门户”');
      expect(await tokens.verify(secret)).toBeNull();
    } finally {
      await db.destroy();
    }
  }, 60_000);
});
