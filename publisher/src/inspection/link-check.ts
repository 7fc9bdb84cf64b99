import type { Config } from '../config';

/** The crawler needs only the publisher's address and the timeout. */
export interface LinkCheckDeps { config: Pick<Config, 'PUBLIC_URL' | 'INSPECTION_LINK_TIMEOUT_MS'> }

/**
 * Broken links on one site, found by crawling its pages from the publisher's own address with
 * linkinator: every link on every page of the site is tried (article links to other hosts too);
 * other sites' pages and the finder are not crawled from here, their own accounts are.
 */
export interface BrokenLink { url: string; status: number; parent: string }
/** What the crawler calls itself, so its visits are not counted as readers' feed pulls and downloads. */
export const INSPECTION_USER_AGENT = 'tongyuan-inspection/1 (linkinator)';

export async function brokenLinksOnSite(services: LinkCheckDeps, site: string): Promise<BrokenLink[]> {
  const { LinkChecker } = await import('linkinator'); // ESM-only package
  const base = services.config.PUBLIC_URL.replace(/\/$/, '');
  const own = [`${base}/sites/${site}/`, `${base}/files/`, `${base}/feeds/${site}/`];
  const result = await new LinkChecker().check({
    path: `${base}/sites/${site}/`,
    recurse: true,
    concurrency: 4,
    timeout: services.config.INSPECTION_LINK_TIMEOUT_MS,
    userAgent: INSPECTION_USER_AGENT,
    linksToSkip: async (link: string) => link.startsWith(base) && !own.some((prefix) => link.startsWith(prefix)),
  });
  return result.links
    .filter((link) => link.state === 'BROKEN')
    .map((link) => ({ url: link.url, status: link.status ?? 0, parent: link.parent ?? `${base}/sites/${site}/` }));
}

/** The links WeChat and Weibo posts send readers to, each tried once (nothing on those pages is crawled from here). */
export async function brokenLinksAmong(services: LinkCheckDeps, links: Array<{ url: string; title: string }>): Promise<Array<BrokenLink & { title: string }>> {
  const { LinkChecker } = await import('linkinator');
  const broken: Array<BrokenLink & { title: string }> = [];
  const byUrl = new Map(links.map((l) => [l.url, l.title]));
  for (const [url, title] of byUrl) {
    const result = await new LinkChecker().check({
      path: url, recurse: false, timeout: services.config.INSPECTION_LINK_TIMEOUT_MS, userAgent: INSPECTION_USER_AGENT,
      linksToSkip: async (link: string) => link !== url,
    });
    const own = result.links.find((l) => l.url === url);
    if (own?.state === 'BROKEN') broken.push({ url, status: own.status ?? 0, parent: title, title });
  }
  return broken;
}
