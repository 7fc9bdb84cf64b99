import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The admin panel build (~45 s) depends only on the Strapi version, cms/src/admin and the channel
 * names it imports; a stamp in the build folder records what it was built from, so `npm start`
 * builds it once.
 */
function adminInputsHash(root) {
  const hash = createHash('sha256');
  const cmsPkg = JSON.parse(readFileSync(path.join(root, 'cms', 'package.json'), 'utf8'));
  hash.update(JSON.stringify(cmsPkg.dependencies));
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else hash.update(name).update(readFileSync(file));
    }
  };
  walk(path.join(root, 'cms', 'src', 'admin'));
  // The channel names the admin shows, generated from the channel registry (scripts/channel-names.ts).
  hash.update(readFileSync(path.join(root, 'cms', 'src', 'seed', 'channel-names.json')));
  return hash.digest('hex');
}

const stampFile = (root) => path.join(root, 'cms', 'dist', 'build', '.tongyuan-admin-stamp');

export function adminBuildIsCurrent(root) {
  const stamp = stampFile(root);
  return existsSync(stamp) && readFileSync(stamp, 'utf8') === adminInputsHash(root);
}

export async function buildAdmin(root, env) {
  const strapiBin = path.join(root, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js');
  await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [strapiBin, 'build', '--minify'], {
      cwd: path.join(root, 'cms'),
      env: { ...process.env, ...env, NODE_ENV: 'production' },
      stdio: 'inherit',
    });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`后台界面构建失败（退出码 ${code}）`))));
  });
  writeFileSync(stampFile(root), adminInputsHash(root));
}
