import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

// Ports handed out in this jest worker, across test files: a port is never reused by one worker, so
// fetch's pooled keep-alive connections to an earlier server on that port can't answer for a new one.
const handedOut: Set<number> = ((globalThis as any).__tongyuanPorts ??= new Set<number>());

/** A free TCP port on loopback (asked of the OS, released before use), never one this worker used before. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port: p } = server.address() as net.AddressInfo;
        server.close(() => resolve(p));
      });
    });
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 60_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}

/**
 * Children this jest worker started that have not exited, kept on the process (jest gives each test
 * file its own module registry, but one worker runs many files): a file whose beforeAll timed out
 * while its stack was still starting never stops it, and the leftover CMS, API and worker would
 * load the two cores for the rest of the run. test/support/leftovers.ts kills them.
 */
const LIVE_CHILDREN: Set<{ child: ChildProcess; group: boolean }> = ((globalThis as any).__tongyuanChildren ??= new Set());

/** Kills (SIGKILL) every child an earlier test file in this worker left running; returns how many. */
export function killLeftoverChildren(): number {
  let killed = 0;
  for (const entry of LIVE_CHILDREN) {
    LIVE_CHILDREN.delete(entry);
    if (entry.child.exitCode !== null || entry.child.signalCode !== null) continue;
    try {
      if (entry.group) process.kill(-entry.child.pid!, 'SIGKILL');
      else entry.child.kill('SIGKILL');
      killed += 1;
    } catch {
      // Already gone between the check and the signal.
    }
  }
  return killed;
}

/** A child process whose output is kept, so a failing test can show what the process said. */
export interface RunningProcess {
  child: ChildProcess;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function startProcess(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; /** Signals go to the whole process group, as Ctrl-C in a terminal does. */ group?: boolean },
): RunningProcess {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: options.group });
  const chunks: string[] = [];
  child.stdout!.on('data', (d) => chunks.push(String(d)));
  child.stderr!.on('data', (d) => chunks.push(String(d)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const entry = { child, group: options.group ?? false };
  LIVE_CHILDREN.add(entry);
  child.once('exit', () => LIVE_CHILDREN.delete(entry));
  return {
    child,
    output: () => chunks.join(''),
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const send = (s: NodeJS.Signals) => (options.group ? process.kill(-child.pid!, s) : child.kill(s));
      send(signal);
      const timer = setTimeout(() => send('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
