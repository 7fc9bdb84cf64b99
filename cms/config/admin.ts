import { secretFromEnv } from '../lib/dev-secret';

export default ({ env }: { env: any }) => ({
  auth: { secret: secretFromEnv('ADMIN_JWT_SECRET') },
  apiToken: { salt: secretFromEnv('API_TOKEN_SALT') },
  transfer: { token: { salt: secretFromEnv('TRANSFER_TOKEN_SALT') } },
  secrets: { encryptionKey: secretFromEnv('ENCRYPTION_KEY') },
  // Tests and headless tools run without the admin build (~45 s); `npm start` builds it once.
  serveAdminPanel: env.bool('CMS_SERVE_ADMIN', true),
  flags: { nps: false, promoteEE: false },
});
