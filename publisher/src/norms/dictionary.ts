import type { CmsDeskClient } from '../ingest/desk-client';
import type { Logger } from '../logger';
import { BASE_DICTIONARY } from './base-dictionary';
import type { CanonicalName } from './entries';
import { NormsMatcher } from './matcher';

/** How long a compiled dictionary serves before the CMS's names are read again. */
const REFRESH_MS = 5 * 60_000;

/**
 * The norms dictionary as the publisher checks with it: the base list and the canonical names of
 * the CMS's own departments and sites, compiled once per version. A CMS that cannot be reached
 * leaves the last compiled version (or the base list alone) in use, and says so in the log.
 */
export class NormsDictionary {
  private current: { at: number; matcher: NormsMatcher } | null = null;
  private building: Promise<NormsMatcher> | null = null;

  constructor(private readonly deps: { cmsDesk: Pick<CmsDeskClient, 'canonicalNames'>; logger: Pick<Logger, 'warn'> }, private readonly now = () => Date.now()) {}

  async matcher(): Promise<NormsMatcher> {
    if (this.current && this.now() - this.current.at < REFRESH_MS) return this.current.matcher;
    this.building ??= this.build().finally(() => (this.building = null));
    return this.building;
  }

  private async build(): Promise<NormsMatcher> {
    let names: CanonicalName[];
    try {
      names = await this.deps.cmsDesk.canonicalNames();
    } catch (error) {
      this.deps.logger.warn({ err: (error as Error).message }, '读取 CMS 的规范名称失败，暂用上次的规范库');
      if (this.current) return this.current.matcher;
      names = [];
    }
    const version = `${BASE_DICTIONARY.length}:${names.length}:${names.map((n) => n.name).join('|').length}`;
    const matcher = this.current?.matcher.version === version ? this.current.matcher : new NormsMatcher(BASE_DICTIONARY, names, version);
    this.current = { at: this.now(), matcher };
    return matcher;
  }
}
