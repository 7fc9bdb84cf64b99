import type { CmsDeskClient } from '../ingest/desk-client';
import type { Logger } from '../logger';
import { BASE_DICTIONARY } from './base-dictionary';
import { normEntrySchema, type CanonicalName, type NormEntry } from './entries';
import { NormsMatcher } from './matcher';

/** How long a compiled dictionary serves before the CMS is asked again: a changed entry is checked within a minute. */
const REFRESH_MS = 60_000;
/** The CMS spells the kinds for its admin; the dictionary's own names. */
const KIND_OF_CMS: Record<string, NormEntry['kind']> = { typo: 'typo', canonical_name: 'name', outdated: 'outdated', forbidden: 'forbidden' };

/**
 * The norms dictionary as the publisher checks with it: the base list, the office's entries in the
 * CMS (表述规范) and the canonical names of the CMS's own departments and sites, compiled once per
 * version. A CMS that cannot be reached
 * leaves the last compiled version (or the base list alone) in use, and says so in the log.
 */
export class NormsDictionary {
  private current: { at: number; matcher: NormsMatcher } | null = null;
  private building: Promise<NormsMatcher> | null = null;

  constructor(private readonly deps: { cmsDesk: Pick<CmsDeskClient, 'canonicalNames' | 'normEntries'>; logger: Pick<Logger, 'warn'> }, private readonly now = () => Date.now()) {}

  /** The compiled dictionary; `fresh` reads the CMS now (an inspection checks with what the office just changed). */
  async matcher(fresh = false): Promise<NormsMatcher> {
    if (!fresh && this.current && this.now() - this.current.at < REFRESH_MS) return this.current.matcher;
    this.building ??= this.build().finally(() => (this.building = null));
    return this.building;
  }

  /**
   * The compiled dictionary at once when there is one, a stale one refreshed in the background: the
   * CMS asks for its check before publishing from inside its own transaction, and must not wait on a
   * read of itself (SQLite serves one connection at a time). Only the very first check waits.
   */
  async matcherWithoutWaiting(): Promise<NormsMatcher> {
    if (!this.current) return this.matcher();
    if (this.now() - this.current.at >= REFRESH_MS) void this.matcher().catch(() => undefined);
    return this.current.matcher;
  }

  /** The dictionary changed in the CMS: the next check reads it again. */
  forget(): void {
    if (this.current) this.current.at = -Infinity;
  }

  private async build(): Promise<NormsMatcher> {
    let names: CanonicalName[];
    let kept: Array<Record<string, unknown>>;
    let read = true;
    try {
      [names, kept] = await Promise.all([this.deps.cmsDesk.canonicalNames(), this.deps.cmsDesk.normEntries()]);
    } catch (error) {
      this.deps.logger.warn({ err: (error as Error).message }, '读取 CMS 的规范名称失败，暂用上次的规范库');
      if (this.current) return this.current.matcher;
      names = [];
      kept = [];
      read = false;
    }
    const office = this.officeEntries(kept);
    // The office's entry for a wrong form wins over the base list's.
    const entries = [...BASE_DICTIONARY.filter((b) => !office.some((o) => o.wrong === b.wrong)), ...office];
    const version = JSON.stringify([entries.length, kept.map((e) => e.updatedAt), names.map((n) => n.name)]);
    const matcher = this.current?.matcher.version === version ? this.current.matcher : new NormsMatcher(entries, names, version);
    // Without the CMS's names and entries (the CMS still starting): the base list for now, read again at the next check.
    this.current = { at: read ? this.now() : -Infinity, matcher };
    return matcher;
  }

  /** The CMS's entries as dictionary entries; one the CMS let through but the dictionary cannot use is skipped and logged. */
  private officeEntries(kept: Array<Record<string, unknown>>): NormEntry[] {
    const out: NormEntry[] = [];
    for (const raw of kept) {
      const parsed = normEntrySchema.safeParse({ ...raw, kind: KIND_OF_CMS[String(raw.kind)] ?? raw.kind, right: raw.right || null, since: raw.since || null });
      if (parsed.success) out.push(parsed.data);
      else this.deps.logger.warn({ wrong: raw.wrong, problem: parsed.error.issues[0]?.message }, '表述规范库中有一条无法使用，已跳过');
    }
    return out;
  }
}
