import { kioskChannel, payloadOf } from '@tongyuan/channels';
import type { Db } from './db';
import type { ValidityBoard } from '../policies/validity-board';
import type { PublicationQueries } from './queries';

export interface KioskItem { documentId: string; revision: string; title: string; text: string; files: Array<{ role: string; name: string; sha256: string; size: number }> }
export interface Terminal {
  code: string;
  name: string;
  orientation: 'portrait' | 'landscape';
  /** No heartbeat for this long and the terminal is shown as stale (its own setting in the CMS, else the deployment's). */
  staleAfterHours: number;
  items: KioskItem[];
  lastSyncAt: string | null;
  syncedVersion: string | null;
  stale: boolean;
  /** Files the terminal reported in its Cache Storage after its last sync (null: not reported). */
  cachedFiles: number | null;
  /** Files it could not cache, and the first few of them with the reason (its network, a 404, a checksum). */
  failedFiles: number;
  failures: CacheFailure[];
  /** Synced in time and holding every file: what /status shows as 正常. */
  healthy: boolean;
}
export interface CacheFailure { name: string; reason: string }
/** What a terminal reports after a sync (POST /kiosk/<terminal>/heartbeat). */
export interface SyncReport { version: string; items: number; cachedFiles: number | null; failedFiles: number; failures: CacheFailure[] }

/**
 * The kiosk channel's store (its heartbeat SQL stays here; the channel reaches it through its
 * route deps). Kiosk terminals as the publisher knows them: the terminals live kiosk items target (with those
 * items, in force on `today` as the validity board says), and each terminal's last heartbeat.
 */
export class KioskStore {
  constructor(private readonly db: Db, private readonly queries: PublicationQueries, private readonly validity: ValidityBoard) {}

  async terminals(today: string, staleHours: number, now = Date.now()): Promise<Terminal[]> {
    const byCode = new Map<string, Terminal>();
    for (const item of await this.queries.liveOn(kioskChannel.code)) {
      const payload = payloadOf(kioskChannel, item);
      for (const t of payload.terminals) {
        const terminal = byCode.get(t.code) ?? {
          code: t.code, name: t.name, orientation: t.orientation ?? 'portrait', staleAfterHours: t.staleAfterHours ?? staleHours,
          items: [], lastSyncAt: null, syncedVersion: null, stale: true, cachedFiles: null, failedFiles: 0, failures: [], healthy: false,
        };
        byCode.set(t.code, terminal);
        if (await this.validity.notInForce(item.documentId, payload.validTo, today)) continue; // ended (or not yet begun): leaves the terminal
        terminal.items.push({
          documentId: item.documentId, revision: item.hash, title: item.title, text: payload.text,
          files: item.artifacts.map((a) => ({ role: a.name === 'item.html' ? 'item' : a.name === 'qr.svg' ? 'qr' : 'slide', name: a.name, sha256: a.sha256, size: a.size })),
        });
      }
    }
    const beats = await this.db.selectFrom('kiosk_heartbeats').selectAll().execute();
    for (const beat of beats) {
      const terminal = byCode.get(beat.terminal);
      if (!terminal) continue;
      terminal.lastSyncAt = beat.seen_at;
      terminal.syncedVersion = beat.version;
      terminal.stale = now - Date.parse(beat.seen_at) > terminal.staleAfterHours * 3600_000;
      terminal.cachedFiles = beat.cached_files;
      terminal.failedFiles = beat.failed_files;
      terminal.failures = JSON.parse(beat.failures) as CacheFailure[];
    }
    for (const terminal of byCode.values()) terminal.healthy = !terminal.stale && terminal.failedFiles === 0;
    return [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
  }

  /** One terminal by its code (undefined: no live item targets it). */
  async terminal(code: string, today: string, staleHours: number): Promise<Terminal | undefined> {
    return (await this.terminals(today, staleHours)).find((t) => t.code === code);
  }

  async heartbeat(terminal: string, report: SyncReport, at = new Date().toISOString()): Promise<void> {
    const values = {
      terminal, version: report.version, items: report.items, seen_at: at,
      cached_files: report.cachedFiles, failed_files: report.failedFiles, failures: JSON.stringify(report.failures),
    };
    await this.db.insertInto('kiosk_heartbeats').values(values).onConflict((oc) => oc.column('terminal').doUpdateSet(values)).execute();
  }
}
