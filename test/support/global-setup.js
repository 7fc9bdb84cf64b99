/**
 * Before any test: compile the CMS (TypeScript → cms/dist) once, and build the admin panel if its
 * stamp is stale, so no test rewrites cms/dist while other tests' CMS processes run from it; then
 * make (or find) the database with the demo content that CMS boots start from (cms-template.js).
 */
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { ensureCmsTemplate } = require('./cms-template');
const { checkTestTools } = require('./test-tools');

/** `jestConfig`: given by jest; the benchmarks call this too, without it, and check what they need themselves. */
module.exports = async (jestConfig) => {
  if (jestConfig) await checkTestTools();
  const root = path.resolve(__dirname, '..', '..');
  const env = { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true' };
  execFileSync(process.execPath, ['-e', "require('@strapi/strapi').compileStrapi().then(() => process.exit(0))"], {
    cwd: path.join(root, 'cms'), stdio: 'inherit', env,
  });
  // The build loads the CMS's configuration in production mode, which wants secrets; none end up in the bundle.
  const buildSecrets = Object.fromEntries(
    ['APP_KEYS', 'ADMIN_JWT_SECRET', 'API_TOKEN_SALT', 'TRANSFER_TOKEN_SALT', 'ENCRYPTION_KEY', 'JWT_SECRET'].map((k) => [k, `build-only-${k}`]),
  );
  const script = `import('./scripts/admin-build.mjs').then(async (m) => {
    if (!m.adminBuildIsCurrent(process.cwd())) { console.log('[test] building the admin panel once (about a minute)'); await m.buildAdmin(process.cwd(), {}); }
  }).catch((e) => { console.error(e); process.exit(1); })`;
  execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, stdio: 'inherit', env: { ...env, ...buildSecrets } });
  // Test workers start after this and inherit the environment: their CMS boots copy the template.
  process.env.TONGYUAN_CMS_TEMPLATE = await ensureCmsTemplate();
};
