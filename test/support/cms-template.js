/**
 * A CMS database with the demo content already loaded, made once per jest run by global setup:
 * loading the demo took most of each CMS boot (~25 boots in the suite), so tests start from a copy
 * of this file instead. Keyed by a hash of the compiled CMS (cms/dist, which includes the demo
 * content and every content type), so a changed schema or seed never starts from a stale copy.
 * Tests about loading itself ask startCms for `fresh`.
 */
const { spawn } = require('node:child_process');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
/** The SQLite file and what SQLite keeps beside it. */
const DB_FILES = ['cms.db', 'cms.db-wal', 'cms.db-shm'];

function compiledCmsHash() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (!entry.name.endsWith('.tsbuildinfo')) hash.update(path.relative(ROOT, full)).update(fs.readFileSync(full));
    }
  };
  for (const dir of ['src', 'config']) walk(path.join(ROOT, 'cms', 'dist', dir));
  return hash.digest('hex').slice(0, 16);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Boots the CMS on an empty database, waits until it answers (the demo is loaded by then), stops it. */
async function seedInto(dataDir) {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, 'cms', 'scripts', 'run.js')], {
    cwd: path.join(ROOT, 'cms'),
    env: {
      ...process.env, NODE_ENV: 'development', PORT: String(port), HOST: '127.0.0.1', DATABASE_FILENAME: path.join(dataDir, 'cms.db'),
      CMS_SERVE_ADMIN: 'false', TONGYUAN_SKIP_COMPILE: '1', STRAPI_TELEMETRY_DISABLED: 'true', PUBLISHER_HOOK_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 300_000;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the CMS exited with ${child.exitCode} while loading the demo content:\n${output.slice(-4000)}`);
      if (Date.now() > deadline) throw new Error(`the CMS did not answer within 300 s while loading the demo content:\n${output.slice(-4000)}`);
      const ok = await fetch(`http://127.0.0.1:${port}/_health`).then((r) => r.status === 204, () => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 300));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/** The template's directory for the compiled CMS as it is now, made if missing; its path is returned. */
async function ensureCmsTemplate() {
  const dir = path.join(os.tmpdir(), 'tongyuan-cms-template', compiledCmsHash());
  if (fs.existsSync(path.join(dir, 'cms.db'))) return dir;
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  // Made beside and renamed into place: a concurrent run never copies a half-written template.
  const work = fs.mkdtempSync(`${dir}.work-`);
  const started = Date.now();
  await seedInto(work);
  try {
    fs.renameSync(work, dir);
  } catch (error) {
    if (!fs.existsSync(path.join(dir, 'cms.db'))) throw error;
    fs.rmSync(work, { recursive: true, force: true });
  }
  console.log(`[test] CMS template database with the demo content made in ${Date.now() - started} ms`);
  return dir;
}

/** Copies the template's files into a test's data directory. */
function copyCmsTemplate(templateDir, dataDir) {
  for (const name of DB_FILES) {
    const from = path.join(templateDir, name);
    if (fs.existsSync(from)) fs.copyFileSync(from, path.join(dataDir, name));
  }
}

module.exports = { ensureCmsTemplate, copyCmsTemplate };
