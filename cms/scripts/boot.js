'use strict';
/**
 * Compiles the CMS's TypeScript (config/, src/) into dist/ and creates the Strapi instance.
 * TONGYUAN_SKIP_COMPILE=1 reuses dist/ (the test suite compiles once for every boot).
 */
const path = require('node:path');

process.env.STRAPI_TELEMETRY_DISABLED = 'true';
const appDir = path.resolve(__dirname, '..');

async function createCms() {
  process.chdir(appDir);
  const { compileStrapi, createStrapi } = require('@strapi/strapi');
  const appContext =
    process.env.TONGYUAN_SKIP_COMPILE === '1'
      ? { appDir, distDir: path.join(appDir, 'dist') }
      : await compileStrapi({ ignoreDiagnostics: false });
  return createStrapi({ ...appContext, autoReload: false, serveAdminPanel: process.env.CMS_SERVE_ADMIN !== 'false' });
}

module.exports = { createCms, appDir };
