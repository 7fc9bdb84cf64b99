/** Compiles the CMS once (TypeScript → cms/dist) so every test boot can skip it. */
const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = async () => {
  const cmsDir = path.resolve(__dirname, '..', '..', 'cms');
  execFileSync(process.execPath, ['-e', "require('@strapi/strapi').compileStrapi().then(() => process.exit(0))"], {
    cwd: cmsDir,
    stdio: 'inherit',
    env: { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true' },
  });
};
