import type { Channel, PreflightContext, PreviewItem, RenderResult } from '../channel';
import { CINEMA_SEGMENT } from '../cinema/channel';
import { validUntil, type Interpretation } from '../document/types';
import { chineseDate } from '../text/chinese-date';
import type { VideoPayload } from '../video/interpretation-channel';
import { prepareVideo } from '../video/preflight';
import { clipTimeline, clipVoiceFindings, programVersion, renderClip } from './clip';
import { tvFormatOf, type TvFormatCode } from './formats';
import { SLATE_SECONDS, slateSvg } from './slate';
import { buildPackages } from './packages';
import { tvPreview } from './preview';
import { tvRoutes } from './routes';
import { tickerFormatOf, tickerLine, unencodable, unencodedMessage, type TickerFormat, type TickerLine } from './ticker';

/**
 * 电视台 (TV stations, county 融媒体中心): for each interpretation sent to a station, a 16:9
 * broadcast clip — a slate with countdown, then the cinema segment's pictures (same plan, stills
 * and narration) — in the format the station's record asks for, and its 滚动字幕 line within the
 * station's limit. Per station and day a delivery package (the day's clips and the ticker .txt) is
 * rebuilt by the follow-up (packages.ts) and listed on the station's page, /tv/<station> (routes.ts).
 */
export interface TvStationClip {
  code: string;
  name: string;
  format: TvFormatCode;
  /** The clip's artifact name (stations sharing a format share the clip). */
  clip: string;
  ticker: TickerLine;
  /** The station's ticker file: its encoding and line ends (absent on renditions made before they were recorded: UTF-8, LF). */
  tickerFormat?: TickerFormat;
}

export interface TvPayload extends VideoPayload {
  department: string | null;
  validTo: string | null;
  /** The programme's cut, shown on the slate and the station's page. */
  version: string;
  /** With the slate. */
  clipSeconds: number;
  leftOut: number;
  stations: TvStationClip[];
}

const stationsOf = (doc: Interpretation) => doc.tvStations.map((s) => ({ ...s, format: tvFormatOf(s.format), ticker: tickerLine(doc, s.tickerMaxChars), tickerFormat: tickerFormatOf(s) }));
const clipName = (doc: Interpretation, format: TvFormatCode) => `${doc.slug}-tv-${format.replace('h264-', '')}.mp4`;

/** What the slate of each format says, but the programme's length and version (known once it is timed). */
const slateOf = (doc: Interpretation, ctx: PreflightContext, stations: ReturnType<typeof stationsOf>, format: TvFormatCode) => ({
  title: doc.title, sender: doc.department?.name ?? '', date: chineseDate(ctx.revisedOn),
  station: stations.filter((s) => s.format.code === format).map((s) => s.name).join('、'),
});

/** The cinema segment's plan, each format's slate drawn (a character no font has is refused here, as in render), and the ticker's cuts. */
async function prepare(doc: Interpretation, ctx: PreflightContext) {
  const prepared = await prepareVideo(doc, ctx, CINEMA_SEGMENT);
  await clipVoiceFindings(doc, prepared.plan, ctx, prepared.preparation);
  const stations = stationsOf(doc);
  for (const format of new Set(stations.map((s) => s.format))) {
    await prepared.preparation.step('title', () => slateSvg(format, { ...slateOf(doc, ctx, stations, format.code), seconds: 0, version: '' }, SLATE_SECONDS));
  }
  for (const station of stations) {
    if (station.ticker.shortened) {
      prepared.preparation.warn('title', `电视台滚动字幕：${station.name}每条不超过 ${station.ticker.max} 字，这条有 ${[...station.ticker.full].length} 字，将缩短为“${station.ticker.text}”`);
    }
    // A character the station's encoding lacks (GBK has no 𠮷): the line stays out of its file, said here, never a "?".
    const characters = unencodable(station.ticker.text, station.tickerFormat.encoding);
    if (characters.length) prepared.preparation.warn('title', unencodedMessage({ line: station.ticker.text, characters }, station.tickerFormat.encoding, station.name));
  }
  return prepared;
}

export const tvChannel: Channel<TvPayload> = {
  code: 'tv',
  name: '电视台',
  workload: 'video',
  accepts: (doc) => doc.kind === 'interpretation' && doc.channels.includes('tv') && doc.tvStations.length > 0,
  validToOf: (payload) => payload.validTo,
  afterLive: (deps) => buildPackages(deps),
  routes: tvRoutes,

  async preflight(doc, ctx) {
    if (doc.kind !== 'interpretation') return [];
    return (await prepare(doc, ctx)).preparation.findings();
  },

  sketch: async (doc, ctx): Promise<PreviewItem[]> => (doc.kind === 'interpretation' ? tvPreview(doc, ctx, stationsOf(doc)) : []),

  async render(doc, ctx): Promise<RenderResult<TvPayload>> {
    if (doc.kind !== 'interpretation') throw new Error('电视台只接受政策解读');
    const prepared = await prepare(doc, ctx);
    prepared.preparation.throwIfRefused();
    const media = await ctx.media();
    const { timeline, narration } = await clipTimeline(doc, prepared.plan!, ctx, media);
    await ctx.reportProgress(20);
    const version = programVersion(timeline);
    const stations = stationsOf(doc);
    const formats = [...new Set(stations.map((s) => s.format.code))];
    const artifacts = [];
    let clipSeconds = 0;
    for (const [i, code] of formats.entries()) {
      const format = stations.find((s) => s.format.code === code)!.format;
      const clip = await renderClip(timeline, format, { ...slateOf(doc, ctx, stations, code), version }, media);
      clipSeconds = clip.seconds;
      artifacts.push(await ctx.writeArtifactFile(clipName(doc, code), 'video/mp4', clip.file));
      await ctx.reportProgress(20 + Math.round((75 * (i + 1)) / formats.length));
    }
    return {
      payload: {
        title: doc.title, seconds: timeline.seconds, clipSeconds, narration, version, leftOut: timeline.leftOut,
        department: doc.department?.name ?? null, validTo: validUntil(doc),
        stations: stations.map((s) => ({ code: s.code, name: s.name, format: s.format.code, clip: clipName(doc, s.format.code), ticker: s.ticker, tickerFormat: s.tickerFormat })),
      },
      artifacts,
      listings: [],
    };
  },
};
