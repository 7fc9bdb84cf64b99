import type { DocumentKind } from '../domain/document';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { HOOK_SECRET_HEADER } from '@tongyuan/document';

/**
 * The name of the staff member whose publish in the CMS made this version (the CMS's route with the
 * webhook's secret; the content API never shows admin users). A name is worth a second, not a
 * publication: when the CMS can't say, the revision is recorded without it and the reason logged.
 */
export async function whoPublished(services: { config: Pick<Config, 'STRAPI_URL' | 'HOOK_SECRET'>; logger: Logger }, kind: DocumentKind, documentId: string): Promise<string | null> {
  const { STRAPI_URL, HOOK_SECRET } = services.config;
  try {
    const response = await fetch(`${STRAPI_URL}/api/tongyuan/published-by/${kind}/${encodeURIComponent(documentId)}`, {
      headers: { accept: 'application/json', [HOOK_SECRET_HEADER]: HOOK_SECRET }, signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const body = (await response.json()) as { publishedBy?: unknown };
    return typeof body.publishedBy === 'string' && body.publishedBy ? body.publishedBy.slice(0, 100) : null;
  } catch (error) {
    services.logger.warn({ documentId, err: (error as Error).message }, '无法从 CMS 读取发布人，修订记录不含发布人');
    return null;
  }
}
