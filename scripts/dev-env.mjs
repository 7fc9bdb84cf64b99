/**
 * Development environment for `npm start`: a `.env` with random secrets is written on the first
 * start and reused after, so logins and tokens survive restarts. Real deployments set these
 * variables themselves (see docs/configuration.md).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const secret = (bytes = 24) => randomBytes(bytes).toString('base64url');

export function generatedSecrets() {
  return {
    APP_KEYS: [secret(), secret()].join(','),
    ADMIN_JWT_SECRET: secret(),
    API_TOKEN_SALT: secret(),
    TRANSFER_TOKEN_SALT: secret(),
    ENCRYPTION_KEY: secret(),
    JWT_SECRET: secret(),
    STRAPI_TOKEN: secret(32),
    HOOK_SECRET: secret(32),
  };
}

export function parseDotenv(text) {
  const values = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*)\s*$/.exec(line);
    if (match) values[match[1]] = match[2].replace(/^"(.*)"$/, '$1');
  }
  return values;
}

/** Reads `.env`, adding any generated secret it lacks; the process environment wins over the file. */
export function loadDevEnv(file) {
  const existing = existsSync(file) ? parseDotenv(readFileSync(file, 'utf8')) : {};
  const missing = Object.entries(generatedSecrets()).filter(([key]) => !(key in existing));
  if (missing.length > 0) {
    const header = existsSync(file) ? '' : '# 同源开发环境：首次启动时生成的随机密钥。请勿提交到版本库。\n';
    const lines = missing.map(([key, value]) => `${key}=${value}`).join('\n');
    writeFileSync(file, `${existsSync(file) ? readFileSync(file, 'utf8').replace(/\n?$/, '\n') : header}${lines}\n`);
  }
  return { ...existing, ...Object.fromEntries(missing), ...pickDefined(process.env) };
}

const pickDefined = (env) => Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
