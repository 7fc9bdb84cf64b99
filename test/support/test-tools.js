/**
 * What the suite needs from the machine (README, "Prerequisites"), checked once before any test: the Debian
 * packages and the two services. Without one, dozens of tests fail each with a launcher's or a socket's error;
 * this says once what to install or start. `.ci/run` installs the packages; the services run on every machine.
 */
const { execFileSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const onPath = (name, env) => (env.PATH ?? '').split(path.delimiter).some((dir) => dir !== '' && existsSync(path.join(dir, name)));

function tesseractReadsChinese(env) {
  try {
    return execFileSync('tesseract', ['--list-langs'], { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 }).toString().split('\n').includes('chi_sim');
  } catch {
    return false;
  }
}

const listening = (port, host = '127.0.0.1') => new Promise((resolve) => {
  const socket = net.connect({ port, host });
  const done = (ok) => { socket.destroy(); resolve(ok); };
  socket.setTimeout(2000, () => done(false));
  socket.once('connect', () => done(true));
  socket.once('error', () => done(false));
});

/**
 * What is missing, each with what to do about it (empty when the machine has everything). `where`: another
 * Chromium path and other ports, for the test of this check; the suite launches Debian's (test/support/browser.ts).
 */
async function missingTestTools(env = process.env, where = {}) {
  const { chromium = '/usr/bin/chromium', redis = 6379, postgres = 5432 } = where;
  const ports = { redis, postgres };
  const missing = [];
  if (!existsSync(chromium)) missing.push(`Chromium at ${chromium} (page checks, PDFs): apt-get install -y chromium`);
  for (const tool of ['pdftoppm', 'pdfinfo', 'pdffonts']) if (!onPath(tool, env)) missing.push(`${tool} (to look at PDF pages): apt-get install -y poppler-utils`);
  if (!onPath('java', env)) missing.push('java (the Nu HTML Checker for the portal pages): apt-get install -y default-jre-headless');
  if (!onPath('tesseract', env)) missing.push('tesseract (reads a printed leaflet back): apt-get install -y tesseract-ocr tesseract-ocr-chi-sim');
  else if (!tesseractReadsChinese(env)) missing.push('tesseract\'s Simplified Chinese: apt-get install -y tesseract-ocr-chi-sim');
  if (!(await listening(ports.redis))) missing.push(`Redis at 127.0.0.1:${ports.redis}: start it (redis-server --daemonize yes)`);
  if (!(await listening(ports.postgres))) missing.push(`PostgreSQL at 127.0.0.1:${ports.postgres} (trust auth, user postgres): start it`);
  return missing;
}

/** Throws one error listing everything missing. */
async function checkTestTools(env = process.env) {
  const missing = await missingTestTools(env);
  if (missing.length > 0) {
    throw new Error(`The tests need what this machine lacks (README, "Prerequisites"; .ci/run installs the Debian packages):\n${missing.map((m) => `  - ${m}`).join('\n')}`);
  }
}

module.exports = { missingTestTools, checkTestTools };
