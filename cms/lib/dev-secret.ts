/**
 * Development defaults for Strapi's secrets, so `npm start` works on a fresh clone.
 * `scripts/start.mjs` writes random values to `.env` on first start; production (NODE_ENV=production)
 * refuses to start without real ones instead of running on a guessable default.
 */
export function devSecret(name: string): string {
  if (process.env.NODE_ENV === 'production') {
    throw new Error(`缺少环境变量：生产环境必须设置 ${name} 对应的密钥（见 README 的配置表）`);
  }
  return `tongyuan-dev-${name}-not-for-production`;
}
