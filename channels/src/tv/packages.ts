import type { ArtifactRef, FollowUpDeps, LiveRendition } from '../channel';
import { logBuild, waitForRendersInFlight } from '../follow-up-settling';
import { silentReasonOf } from '../video/narration';
import type { TvPayload } from './channel';
import { tvFormatOf } from './formats';
import { DEFAULT_TICKER_FORMAT, encodeTickerFile, TICKER_ENCODING_LABELS, type TickerEncoding, type TickerFormat, type UnencodedLine } from './ticker';

/**
 * A station's delivery package for the day (送播包): the clips of the interpretations live on the
 * TV channel, sent to that station and in force today, newest first, and the day's 滚动字幕 file —
 * one plain line per interpretation. Rebuilt by the TV channel's follow-up whenever what is live
 * changed and on the minute's sweep (a new day, validity that ended); a package whose items are
 * unchanged is left alone. A station that had a package keeps one, empty (its page and an empty
 * ticker file), for KEEP_EMPTY_DAYS after its last item: its staff's bookmark still answers.
 * While more TV clips are queued or rendering, today's package of a station that holds only clips
 * still live and in force waits for them (`postponed`, the rule of ../follow-up-settling.ts): a
 * burst of publishes is packed once, not once per clip; a package holding a withdrawn, replaced or
 * ended clip, or made on an earlier day, is rebuilt at once.
 */
const KEEP_EMPTY_DAYS = 7;
export interface PackageClip { documentId: string; title: string; file: ArtifactRef; seconds: number; version: string; department: string | null; silent: string | null }
export interface PackageBody extends Record<string, unknown> {
  station: { code: string; name: string; format: string; tickerMax: number; ticker?: TickerFormat };
  date: string;
  clips: PackageClip[];
  lines: string[];
  /** Lines the station's encoding cannot hold (GBK has no 𠮷): not in the file, named on the page. */
  unencoded?: UnencodedLine[];
  signature: string;
  /** The last day the package had anything in it. */
  lastFilled: string;
}
export interface PackageReport { built: number; unchanged: number; removed: number; postponed: number }

export const packageKey = (station: string) => `station:${station}`;
/** The encoding is in the name (…-GBK.txt) for the station's staff, and for /files to send the right charset. */
export const tickerFileName = (station: string, date: string, encoding: TickerEncoding = 'utf-8') => `滚动字幕-${station}-${date}-${TICKER_ENCODING_LABELS[encoding]}.txt`;
const CHARSETS: Record<TickerEncoding, string> = { 'utf-8': 'utf-8', gbk: 'gbk', gb18030: 'gb18030' };

export async function buildPackages(deps: FollowUpDeps<TvPayload>): Promise<PackageReport> {
  const today = deps.today();
  const byStation = new Map<string, { station: PackageBody['station']; items: Array<{ item: LiveRendition<TvPayload>; clip: PackageClip; line: string }> }>();
  for (const item of await deps.live()) {
    if (!(await deps.inForce(item.documentId, item.payload.validTo, today))) continue;
    for (const s of item.payload.stations) {
      const file = item.artifacts.find((a) => a.name === s.clip);
      if (!file) continue;
      const entry = byStation.get(s.code) ?? { station: { code: s.code, name: s.name, format: tvFormatOf(s.format).label, tickerMax: s.ticker.max, ticker: s.tickerFormat ?? DEFAULT_TICKER_FORMAT }, items: [] };
      entry.items.push({
        item, line: s.ticker.text,
        clip: { documentId: item.documentId, title: item.title, file, seconds: item.payload.clipSeconds, version: item.payload.version, department: item.payload.department, silent: silentReasonOf(item.payload) },
      });
      byStation.set(s.code, entry);
    }
  }
  const existing = new Map((await deps.builtFiles.list()).map((b) => [b.key, b]));
  for (const built of existing.values()) {
    const body = built.body as PackageBody;
    const age = (Date.parse(today) - Date.parse(body.lastFilled ?? body.date)) / 86_400_000;
    if (!byStation.has(body.station.code) && age < KEEP_EMPTY_DAYS) byStation.set(body.station.code, { station: body.station, items: [] });
  }
  const mayWait = await waitForRendersInFlight(deps);
  const report: PackageReport = { built: 0, unchanged: 0, removed: 0, postponed: 0 };
  for (const [code, { station, items }] of byStation) {
    items.sort((a, b) => b.item.publishedAt.localeCompare(a.item.publishedAt) || a.item.documentId.localeCompare(b.item.documentId));
    const lines = items.map((i) => i.line);
    const signature = JSON.stringify([station, today, items.map((i) => [i.item.documentId, i.item.hash]), lines]);
    const key = packageKey(code);
    const previous = existing.get(key)?.body as PackageBody | undefined;
    if (previous?.signature === signature) {
      report.unchanged += 1;
      continue;
    }
    if (mayWait(previous && packageIdentities(previous), packageIdentities({ date: today, clips: items.map((i) => i.clip), lines }))) {
      report.postponed += 1;
      continue;
    }
    const format = station.ticker ?? DEFAULT_TICKER_FORMAT;
    // Written in the station's encoding and line ends; a line the encoding lacks stays out, recorded (never a "?").
    const { data, unencoded } = encodeTickerFile(lines, format);
    if (unencoded.length) deps.logger.warn({ station: code, encoding: format.encoding, unencoded }, '滚动字幕有无法编码的字，这些条目未写入文件');
    const file = await deps.builtFiles.store(tickerFileName(station.name, today, format.encoding), `text/plain; charset=${CHARSETS[format.encoding]}`, data);
    const body: PackageBody = { station, date: today, clips: items.map((i) => i.clip), lines, unencoded, signature, lastFilled: items.length ? today : previous?.lastFilled ?? today };
    await deps.builtFiles.save({ key, title: `${station.name} ${today} 送播包`, file, body, builtAt: new Date().toISOString() });
    report.built += 1;
  }
  report.removed = await deps.builtFiles.removeExcept([...byStation.keys()].map(packageKey));
  logBuild(deps, report, { today }, { built: '电视台送播包已更新', waiting: '电视台送播包等待渲染中的片段' });
  return report;
}

/** What a package shows of each clip, on its day: another revision's clip or ticker line, or another day, is stale. */
function packageIdentities(body: Pick<PackageBody, 'date' | 'clips' | 'lines'>): string[] {
  return body.clips.map((c, n) => JSON.stringify([body.date, c.documentId, c.file.sha256, c.version, c.title, c.silent, body.lines[n]]));
}
