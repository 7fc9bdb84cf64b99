/**
 * Strapi's own variables (read by cms/config/*.ts through Strapi's env(), not a zod schema): their defaults
 * and reasons, for docs/configuration.md. Every name in STRAPI_VARIABLES (cms/src/settings.ts) must be here.
 */
export const STRAPI_VARIABLE_NOTES: Record<string, { shownDefault: string; description: string }> = {
  NODE_ENV: { shownDefault: 'development', description: 'production makes every Strapi secret below required' },
  HOST: { shownDefault: '0.0.0.0', description: 'where the CMS listens' },
  PORT: { shownDefault: '1337', description: 'where the CMS listens' },
  PUBLIC_URL: { shownDefault: 'empty', description: 'the CMS\'s public URL, used in links the admin prints and in webhook payloads; `npm start` and docker-compose.yml set it from `CMS_PUBLIC_URL`, since their `PUBLIC_URL` is the publisher\'s' },
  APP_KEYS: { shownDefault: 'development value', description: 'Strapi\'s session keys (four comma-separated values); required when NODE_ENV=production' },
  ADMIN_JWT_SECRET: { shownDefault: 'development value', description: 'signs admin sessions; required when NODE_ENV=production' },
  API_TOKEN_SALT: { shownDefault: 'development value', description: 'salts API token hashes; required when NODE_ENV=production' },
  TRANSFER_TOKEN_SALT: { shownDefault: 'development value', description: 'salts transfer token hashes; required when NODE_ENV=production' },
  ENCRYPTION_KEY: { shownDefault: 'development value', description: "Strapi's encryption key (API tokens it can show again); required when NODE_ENV=production" },
  JWT_SECRET: { shownDefault: 'development value', description: 'signs users-permissions tokens; required when NODE_ENV=production' },
  CMS_SERVE_ADMIN: { shownDefault: 'true', description: 'false serves the APIs without the admin build (tests and headless tools; the build takes about 45 s, npm start builds it once)' },
  DATABASE_URL: { shownDefault: 'empty', description: 'postgres://… runs the CMS on PostgreSQL; otherwise SQLite' },
  DATABASE_CLIENT: { shownDefault: 'sqlite (postgres for a postgres DATABASE_URL)', description: 'sqlite or postgres; any other value stops the CMS with a message' },
  DATABASE_HOST: { shownDefault: '127.0.0.1', description: 'PostgreSQL without DATABASE_URL: the server' },
  DATABASE_PORT: { shownDefault: '5432', description: 'PostgreSQL without DATABASE_URL: its port' },
  DATABASE_NAME: { shownDefault: 'tongyuan_cms', description: 'PostgreSQL without DATABASE_URL: the database' },
  DATABASE_USERNAME: { shownDefault: 'postgres', description: 'PostgreSQL without DATABASE_URL: the user' },
  DATABASE_PASSWORD: { shownDefault: 'empty', description: 'PostgreSQL without DATABASE_URL: the password' },
  DATABASE_SSL: { shownDefault: 'false', description: 'PostgreSQL: connect with TLS' },
  DATABASE_SCHEMA: { shownDefault: 'public', description: 'PostgreSQL: the schema the CMS\'s tables live in' },
  DATABASE_POOL_MIN: { shownDefault: '0', description: 'PostgreSQL: connections kept open when idle' },
  DATABASE_POOL_MAX: { shownDefault: '10', description: 'PostgreSQL: most connections at once' },
  DATABASE_FILENAME: { shownDefault: 'cms/.tmp/data.db', description: 'SQLite: the database file' },
  STRAPI_TELEMETRY_DISABLED: { shownDefault: 'unset (npm start sets true)', description: 'true keeps Strapi from sending usage data home' },
};
