#!/usr/bin/env node
/**
 * `npm start`: one command for a working Tongyuan on this machine. Generates dev secrets once,
 * builds the admin panel once (cached by a stamp), then runs each part as its own process and
 * prints where each one listens and how to log in. Ctrl-C stops them in order.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDevEnv } from './dev-env.mjs';
import { adminBuildIsCurrent, buildAdmin } from './admin-build.mjs';
import { redisReachable } from './redis-check.mjs';
import { partsToStart } from './parts.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// TONGYUAN_ENV_FILE lets a test run `npm start` without touching the developer's own .env.
const env = loadDevEnv(process.env.TONGYUAN_ENV_FILE ?? path.join(root, '.env'));
env.REDIS_URL ??= 'redis://127.0.0.1:6379';
env.STRAPI_TELEMETRY_DISABLED = 'true';

const say = (line) => console.log(`[同源] ${line}`);

if (!(await redisReachable(env.REDIS_URL))) {
  say(`Redis 无法连接（${env.REDIS_URL}）：发布服务需要它。请先启动 Redis，例如：redis-server --daemonize yes --save "" --appendonly no`);
}

if (!adminBuildIsCurrent(root)) {
  say('首次启动：正在构建后台管理界面（约 1 分钟，只需一次）…');
  await buildAdmin(root, env);
}

const parts = partsToStart(root, env);
const children = [];
// Before the parts start: one that exits early (a failed migration) is reported, not a ReferenceError.
let stopping = false;
for (const part of parts) {
    // Own process group: Ctrl-C reaches only this script, which then stops the parts in order.
  const child = spawn(process.execPath, part.args, { cwd: part.cwd, env: { ...env, ...part.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const prefix = `[${part.name}] `;
  const relay = (stream, out) => {
    let buffered = '';
    stream.on('data', (chunk) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop();
      for (const line of lines) out.write(prefix + line + '\n');
    });
  };
  relay(child.stdout, process.stdout);
  relay(child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    if (!stopping) say(`${part.name} 已退出（${signal ?? code}）`);
  });
  children.push({ part, child });
}

await Promise.all(parts.map((part) => part.ready?.()));
say('全部就绪：');
for (const part of parts) say(`  ${part.name.padEnd(10)} ${part.listens}`);
say(`后台登录：${env.ADMIN_EMAIL ?? 'admin@tongyuan.local'} / ${env.ADMIN_PASSWORD ? '（见 ADMIN_PASSWORD）' : 'Tongyuan2026!'}（其他示例账号见 CMS 日志）`);

async function stop() {
  if (stopping) return;
  stopping = true;
  say('正在停止…');
  // Reverse order: workers stop taking work first, the CMS goes last.
  for (const { child } of [...children].reverse()) {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
  }
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
