import { secretFromEnv } from '../lib/dev-secret';
import { previewAddress } from '../src/publication/preview-link';

export default ({ env }: { env: any }) => ({
  auth: { secret: secretFromEnv('ADMIN_JWT_SECRET') },
  apiToken: { salt: secretFromEnv('API_TOKEN_SALT') },
  transfer: { token: { salt: secretFromEnv('TRANSFER_TOKEN_SALT') } },
  secrets: { encryptionKey: secretFromEnv('ENCRYPTION_KEY') },
  // Tests and headless tools run without the admin build (~45 s); `npm start` builds it once.
  serveAdminPanel: env.bool('CMS_SERVE_ADMIN', true),
  flags: { nps: false, promoteEE: false },
  // 打开预览: the saved draft in every channel it goes to, full size, drawn by the publisher and
  // served from the CMS's own origin (a signed address, src/publication/preview-link.ts).
  preview: {
    enabled: true,
    config: {
      allowedOrigins: ["'self'"],
      handler: (uid: string, { documentId }: { documentId?: string; locale?: string; status?: string }) => previewAddress(uid, documentId),
    },
  },
});
