import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO } from './support/cms';
import { freePort, startProcess, waitFor } from './support/processes';
import { deleteRedisPrefix } from './support/stack';

/**
 * The README's promise: `npm start` on a fresh clone builds what it needs (the admin panel, once),
 * starts the CMS with its demo content, the publisher and a worker, and says where each listens.
 */
it('npm start brings up the admin, the demo content on the publisher\'s sites, and stops cleanly', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-start-'));
  const [cmsPort, apiPort] = [await freePort(), await freePort()];
  const prefix = `tytest-start-${process.pid}`;
  const start = startProcess('npm', ['start'], {
    cwd: REPO,
    env: {
      ...process.env, TONGYUAN_ENV_FILE: path.join(dir, '.env'), PORT_CMS: String(cmsPort), PUBLISHER_PORT: String(apiPort),
      PUBLIC_URL: `http://localhost:${apiPort}`, DATABASE_FILENAME: path.join(dir, 'cms.db'), DATABASE_URL: `file:${path.join(dir, 'publisher.db')}`,
      ARTIFACT_DIR: path.join(dir, 'artifacts'), QUEUE_PREFIX: prefix, LOG_LEVEL: 'warn', MEDIA_CACHE_DIR: path.join(dir, 'media'),
      // Video rendering of the demo content is test/publisher/cinema.test.ts's business, not this one's.
      CHANNELS: 'web,feeds',
      // Global setup compiled the CMS and built the admin; recompiling here would rewrite cms/dist
      // under the other tests' running CMS processes.
      TONGYUAN_SKIP_COMPILE: '1',
    },
    group: true,
  });
  try {
    // The login line is the last of the ready message: lines arrive in chunks, so wait for the end of it.
    await waitFor('"全部就绪" and the login line', async () => {
      if (start.child.exitCode !== null) throw new Error(`npm start exited:\n${start.output().slice(-3000)}`);
      return start.output().includes('后台登录：');
    }, 240_000, 500).catch((error) => {
      throw new Error(`${error.message}\n--- npm start said ---\n${start.output().slice(-4000)}`);
    });
    const output = start.output();
    expect(output).toContain(`http://localhost:${cmsPort}/admin`);
    expect(output).toContain(`http://localhost:${apiPort}/graphql`);
    expect(output).toContain('后台登录：admin@tongyuan.local');
    // PUBLIC_URL is the publisher's; the CMS's own banner must not send an admin to the publisher's port.
    expect(output).not.toContain(`http://localhost:${apiPort}/admin`);
    const admin = await fetch(`http://localhost:${cmsPort}/admin`);
    expect(admin.status).toBe(200);
    expect(await admin.text()).toContain('<div id="strapi"');
    const sites = await waitFor('the demo content on the publisher', async () => {
      const body = (await (await fetch(`http://localhost:${apiPort}/sites`)).json()) as { sites: Array<{ code: string }> };
      return body.sites.length >= 10 ? body.sites : undefined;
    }, 60_000, 500);
    expect(sites.map((s) => s.code)).toContain('juxian-portal');
  } finally {
    await start.stop('SIGINT'); // Ctrl-C
    await deleteRedisPrefix(prefix);
  }
  expect(start.output()).toContain('正在停止');
}, 300_000);
