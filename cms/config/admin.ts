import { devSecret } from '../lib/dev-secret';

export default ({ env }: { env: any }) => ({
  auth: { secret: env('ADMIN_JWT_SECRET', devSecret('ADMIN_JWT_SECRET')) },
  apiToken: { salt: env('API_TOKEN_SALT', devSecret('API_TOKEN_SALT')) },
  transfer: { token: { salt: env('TRANSFER_TOKEN_SALT', devSecret('TRANSFER_TOKEN_SALT')) } },
  secrets: { encryptionKey: env('ENCRYPTION_KEY', devSecret('ENCRYPTION_KEY')) },
  // Tests and headless tools run without the admin build (~45 s); `npm start` builds it once.
  serveAdminPanel: env.bool('CMS_SERVE_ADMIN', true),
  flags: { nps: false, promoteEE: false },
});
