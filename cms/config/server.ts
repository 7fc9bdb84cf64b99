import { secretFromEnv } from '../lib/dev-secret';

export default ({ env }: { env: any }) => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  // Public URL is used in links the admin prints and in webhook payloads.
  url: env('PUBLIC_URL', ''),
  app: { keys: secretFromEnv('APP_KEYS').split(',') },
});
