import { devSecret } from '../lib/dev-secret';

export default ({ env }: { env: any }) => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  // Public URL is used in links the admin prints and in webhook payloads.
  url: env('PUBLIC_URL', ''),
  app: { keys: env.array('APP_KEYS', [devSecret('app-key-1'), devSecret('app-key-2')]) },
});
