import { z } from 'zod';

/** The CMS's own settings (Strapi's are in config/), parsed once at start. */
const flag = (fallback: boolean) =>
  z.enum(['true', 'false', '1', '0']).optional().transform((v) => (v === undefined ? fallback : v === 'true' || v === '1'));

const schema = z.object({
  // Dev default so a fresh clone logs in at once; production must set its own.
  ADMIN_EMAIL: z.email('ADMIN_EMAIL 应为邮箱地址').default('admin@tongyuan.local'),
  ADMIN_PASSWORD: z.string().min(8, 'ADMIN_PASSWORD 至少 8 位，且含大写字母和数字').default('Tongyuan2026!'),
  // Demo content and demo staff on first start; production compose sets DEMO_CONTENT=false.
  DEMO_CONTENT: flag(true),
  DEMO_PASSWORD: z.string().min(8).default('Tongyuan2026!'),
  // Benchmarks and load tests: this many generated interpretations on top of the demo content (0 in production).
  GENERATED_INTERPRETATIONS: z.coerce.number().int().min(0).max(20_000).default(0),
  // The policy-matching fixture (Shanxi's catalogue has 1,700+ items): this many generated items (0 in production).
  GENERATED_POLICY_ITEMS: z.coerce.number().int().min(0).max(50_000).default(0),
  // Read-only token the publisher uses; the CMS stores it hashed like any API token.
  STRAPI_TOKEN: z.string().min(16, 'STRAPI_TOKEN 至少 16 个字符').optional(),
  // Where the CMS tells the publisher about publishes, and the shared secret it sends.
  PUBLISHER_HOOK_URL: z.url('PUBLISHER_HOOK_URL 应为完整网址，如 http://localhost:4000/hooks/strapi').optional(),
  HOOK_SECRET: z.string().min(16, 'HOOK_SECRET 至少 16 个字符').optional(),
});

export type CmsSettings = z.infer<typeof schema>;

export function readSettings(env: NodeJS.ProcessEnv = process.env): CmsSettings {
  const result = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`CMS 配置有误：\n${lines.join('\n')}`);
  }
  return result.data;
}

export const SETTINGS_VARIABLES = Object.keys(schema.shape);

/** Variables Strapi's own config (cms/config/*.ts) reads; with the settings above, all the CMS reads. */
export const STRAPI_VARIABLES = [
  'NODE_ENV', 'HOST', 'PORT', 'PUBLIC_URL', 'APP_KEYS', 'ADMIN_JWT_SECRET', 'API_TOKEN_SALT', 'TRANSFER_TOKEN_SALT',
  'ENCRYPTION_KEY', 'JWT_SECRET', 'CMS_SERVE_ADMIN', 'DATABASE_URL', 'DATABASE_CLIENT', 'DATABASE_HOST', 'DATABASE_PORT',
  'DATABASE_NAME', 'DATABASE_USERNAME', 'DATABASE_PASSWORD', 'DATABASE_SSL', 'DATABASE_SCHEMA', 'DATABASE_POOL_MIN',
  'DATABASE_POOL_MAX', 'DATABASE_FILENAME', 'STRAPI_TELEMETRY_DISABLED',
];
/** Secrets that have only development defaults: production must set them. */
export const PRODUCTION_SECRETS = ['APP_KEYS', 'ADMIN_JWT_SECRET', 'API_TOKEN_SALT', 'TRANSFER_TOKEN_SALT', 'ENCRYPTION_KEY', 'JWT_SECRET'];
