import autocannon from 'autocannon';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startProcess, waitFor } from '../../test/support/processes';

/**
 * The fund lookup bench's load (fund-lookup.ts): autocannon's connections kept busy against one API, or the
 * same connections spread over several API processes (replicas on one store and one Redis), either split
 * evenly between their ports or through Caddy's round robin as docker-compose runs them (deploy/Caddyfile).
 * Response times are kept whole and merged, so a spread run's percentiles are over every request it made.
 */
export interface Run {
  times: number[]; statuses: Map<number, number>;
  /** From the first request to the last answer (autocannon itself ends on its next one-second tick). */
  seconds: number;
  loadAverage: number;
  /** How many of the machine's cores were busy during the run, by anyone (/proc/stat; null elsewhere). */
  busyCores: number | null;
}
type Into = { times: number[]; statuses: Map<number, number>; lastAt: bigint };

/** The machine's busy and total jiffies over all cores, from /proc/stat (Linux). */
function cpuJiffies(): { busy: number; total: number } | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
    const total = fields.reduce((a, b) => a + b, 0);
    return { busy: total - fields[3] - fields[4], total };
  } catch {
    return null;
  }
}
export type NextRequest = (i: number) => { path: string; body?: string; from: string };

function one(url: string, connections: number, amount: number, next: () => ReturnType<NextRequest>, into: Into) {
  return new Promise<void>((resolve, reject) => {
    const instance = autocannon({
      url, connections, amount, timeout: 10,
      requests: [{
        setupRequest: (request) => {
          const { path: p, body, from } = next();
          return body === undefined ? { ...request, method: 'GET', path: p, headers: { 'x-forwarded-for': from } }
            : { ...request, method: 'POST', path: p, body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': from } };
        },
      }],
    }, (error) => (error ? reject(error) : resolve()));
    instance.on('response', (_c: unknown, status: number, _b: number, ms: number) => {
      into.times.push(ms);
      into.lastAt = process.hrtime.bigint();
      into.statuses.set(status, (into.statuses.get(status) ?? 0) + 1);
    });
  });
}

/**
 * `amount` requests over `connections` connections, split evenly over `urls` (one load generator per URL, as a
 * proxy's round robin would hand them out); `next(i)` is called once for each i below `amount`, whichever URL
 * sends it (a proof of work is good once). The machine's 1-minute load average is read as the run ends.
 */
export async function load(urls: string[], connections: number, amount: number, next: NextRequest): Promise<Run> {
  const started = process.hrtime.bigint();
  const into: Into = { times: [], statuses: new Map(), lastAt: started };
  let i = 0;
  const share = (k: number) => Math.floor(amount / urls.length) + (k < amount % urls.length ? 1 : 0);
  const cpuBefore = cpuJiffies();
  await Promise.all(urls.map((url, k) => one(url, Math.max(1, Math.round(connections / urls.length)), share(k), () => next(i++), into)));
  const cpuAfter = cpuJiffies();
  const busyCores = cpuBefore && cpuAfter && cpuAfter.total > cpuBefore.total
    ? ((cpuAfter.busy - cpuBefore.busy) / (cpuAfter.total - cpuBefore.total)) * os.cpus().length : null;
  return { times: into.times, statuses: into.statuses, seconds: Number(into.lastAt - started) / 1e9, loadAverage: os.loadavg()[0], busyCores };
}

/**
 * Caddy (Debian's `caddy`) in front of `upstreams` with deploy/Caddyfile's proxy settings, the replicas named
 * by address instead of the compose network's DNS. It believes the load generator's X-Forwarded-For (private
 * ranges), so every lookup still comes from its own address, as in the rows without it. Null when Caddy is not
 * installed (`apt-get install caddy`).
 */
export async function startCaddy(upstreams: string[]): Promise<{ url: string; stop: () => Promise<void> } | null> {
  const binary = ['/usr/bin/caddy', '/usr/local/bin/caddy'].find((p) => existsSync(p));
  if (!binary) return null;
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-bench-caddy-'));
  const file = path.join(dir, 'Caddyfile');
  writeFileSync(file, `{
\tadmin off
\tauto_https off
}

:${port} {
\treverse_proxy ${upstreams.map((u) => u.replace(/^http:\/\//, '')).join(' ')} {
\t\ttrusted_proxies private_ranges
\t\tlb_policy round_robin
\t\tlb_try_duration 5s
\t\tfail_duration 10s
\t\tflush_interval -1
\t}
}
`);
  const caddy = startProcess(binary, ['run', '--config', file, '--adapter', 'caddyfile'], {
    cwd: dir, env: { ...process.env, HOME: dir, XDG_DATA_HOME: path.join(dir, 'data'), XDG_CONFIG_HOME: path.join(dir, 'config') },
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await caddy.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor('Caddy', async () => {
      if (caddy.child.exitCode !== null) throw new Error(`caddy exited:\n${caddy.output().slice(-3000)}`);
      return (await fetch(`${url}/healthz`).catch(() => null))?.ok;
    }, 30_000, 100);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}
