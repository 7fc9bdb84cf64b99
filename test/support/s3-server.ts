import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startProcess, waitFor, type RunningProcess } from './processes';

/** s3rver's own credentials: it checks every request's signature against them (a wrong secret is refused, as by MinIO). */
const KEY = 'S3RVER';
const REPO = path.resolve(__dirname, '..', '..');
const BUCKET = 'tongyuan-test';

/** Runs s3rver (an S3-compatible server on the npm registry) in its own process, its bucket made at start. */
const SERVER = `
const S3rver = require('@20minutes/s3rver');
const { dir, port, bucket } = JSON.parse(process.env.S3_TEST_SERVER);
new S3rver({ directory: dir, address: '127.0.0.1', port, silent: true, configureBuckets: [{ name: bucket }] })
  .run().then(() => console.log('listening'), (error) => { console.error(error); process.exit(1); });
process.on('SIGTERM', () => process.exit(0));
`;

export interface S3Server {
  endpoint: string;
  bucket: string;
  /** The server's own files (objects and their metadata, under the bucket's name). */
  dir: string;
  process: RunningProcess;
  /** What a publisher process needs to keep its files there: STORAGE=s3 and the S3_* variables. */
  env: Record<string, string>;
  /** The store goes away (its process stopped, its files kept): the object-store drill's fault. */
  pause(): Promise<void>;
  /** Back on the same address with the same files. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

/** A local S3-compatible store for a test: a free port, a temporary folder, one bucket. */
export async function startS3Server(): Promise<S3Server> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-s3-'));
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const launch = async () => {
    const server = startProcess(process.execPath, ['-e', SERVER], {
      cwd: REPO, env: { ...process.env, S3_TEST_SERVER: JSON.stringify({ dir, port, bucket: BUCKET }) },
    });
    await waitFor('the S3 server', async () => {
      if (server.child.exitCode !== null) throw new Error(`S3 server exited:\n${server.output().slice(-2000)}`);
      return server.output().includes('listening');
    }, 20_000, 50);
    return server;
  };
  let server: RunningProcess | null = await launch();
  const s3: S3Server = {
    endpoint, bucket: BUCKET, dir, process: server,
    env: {
      STORAGE: 's3', S3_ENDPOINT: endpoint, S3_BUCKET: BUCKET, S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: KEY, S3_SECRET_ACCESS_KEY: KEY, S3_FORCE_PATH_STYLE: 'true',
    },
    async pause() {
      await server?.stop();
      server = null;
    },
    async resume() {
      server ??= await launch();
      s3.process = server;
    },
    async stop() {
      await server?.stop();
      server = null;
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return s3;
}
