/**
 * Strapi's secrets from the environment, with development defaults so `npm start` works on a
 * fresh clone (`scripts/start.mjs` writes random values to `.env` on first start). Production
 * (NODE_ENV=production) refuses to start without real ones instead of running on a guessable default.
 */
export function secretFromEnv(name: string): string {
  const value = process.env[name];
  if (value) return value;
  if (process.env.NODE_ENV === 'production') {
    throw new Error(`缺少环境变量 ${name}：生产环境必须设置它（见 docs/configuration.md 的配置表）`);
  }
  return `tongyuan-dev-${name}-not-for-production`;
}
