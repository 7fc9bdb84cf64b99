import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startProcess, waitFor, type RunningProcess } from './processes';

const { copyCmsTemplate } = require('./cms-template') as { copyCmsTemplate(templateDir: string, dataDir: string): void };

export const REPO = path.resolve(__dirname, '..', '..');
export const TEST_TOKEN = 'test-publisher-token-0123456789abcdef';
export const TEST_HOOK_SECRET = 'test-hook-secret-0123456789abcdef';
export const ADMIN = { email: 'admin@tongyuan.local', password: 'Tongyuan2026!' };
export const DEMO_PASSWORD = 'Tongyuan2026!';

export interface Cms {
  url: string;
  dataDir: string;
  process: RunningProcess;
  stop(): Promise<void>;
}

export interface CmsOptions {
  /** Reuse a data directory (restart tests); a new temporary one otherwise. */
  dataDir?: string;
  env?: Record<string, string>;
  /** Load the demo content on boot, as a new installation does, instead of starting from global setup's copy. */
  fresh?: boolean;
  /** The port to listen on, when the caller must know the address before the CMS is up (the stack starts the publisher meanwhile). */
  port?: number;
  /** How long the boot may take (default 300 s): the cost-curve benchmark creates thousands of interpretations while booting. */
  bootTimeoutMs?: number;
}

/** Boots the real CMS (`cms/scripts/run.js`, precompiled by global setup) without the admin build. */
export async function startCms(options: CmsOptions = {}): Promise<Cms> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'tongyuan-cms-'));
  const template = process.env.TONGYUAN_CMS_TEMPLATE;
  if (!options.dataDir && !options.fresh && template && !options.env?.DATABASE_URL) copyCmsTemplate(template, dataDir);
  const port = options.port ?? (await freePort());
  const child = startProcess(process.execPath, [path.join(REPO, 'cms', 'scripts', 'run.js')], {
    cwd: path.join(REPO, 'cms'),
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_FILENAME: path.join(dataDir, 'cms.db'),
      CMS_SERVE_ADMIN: 'false',
      TONGYUAN_SKIP_COMPILE: '1',
      STRAPI_TELEMETRY_DISABLED: 'true',
      STRAPI_TOKEN: TEST_TOKEN,
      ...options.env,
    },
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor('the CMS to answer /_health', async () => {
      if (child.child.exitCode !== null) throw new Error(`CMS exited with ${child.child.exitCode}:\n${child.output().slice(-4000)}`);
      const response = await fetch(`${url}/_health`);
      return response.status === 204;
      // Booting with the demo content took 130 s on the 2-core machine while other suites ran (52 s of it loading the demo).
    }, options.bootTimeoutMs ?? 300_000, 300);
  } catch (error) {
    await child.stop('SIGKILL');
    throw new Error(`${(error as Error).message}\n--- CMS output ---\n${child.output().slice(-4000)}`);
  }
  return { url, dataDir, process: child, stop: async () => void (await child.stop()) };
}
