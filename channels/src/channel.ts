import type { FastifyPluginAsync } from 'fastify';
import type { ChannelCode, Media, PublishedDocument } from './document/types';
import type { ChannelRouteDeps, ReelView } from './hooks';
import type { MediaContext } from './video/render';
import type { Storyboard } from './video/storyboard';
import type { PackageValidity } from './validity-marking';

/** A stored file of a rendition, addressed by its sha256. */
export interface ArtifactRef { name: string; mime: string; size: number; sha256: string }
/** Where a rendition appears in a site's catalog (site code, column code). */
export interface Listing { site: string; siteName: string; column: string }

/**
 * Finished pieces (an image drawn from an SVG) by a key derived from everything they depend on,
 * shared by every channel and worker: the 一图读懂 a WeChat, a Weibo and a kiosk rendition all
 * show is drawn once. Losing it only costs drawing again.
 */
export interface RenderCache {
  get(key: string): Promise<Buffer | null>;
  put(key: string, data: Buffer): Promise<void>;
}

const inFlight = new Map<string, Promise<Buffer>>();

/**
 * Computes and stores on a miss; `key` must change whenever the result would. Renders running at
 * once in this process wait for the same computation instead of repeating it (a revision's WeChat
 * and Weibo jobs start together and both want the 一图读懂).
 */
export function memo(cache: RenderCache, key: string, compute: () => Promise<Buffer>): Promise<Buffer> {
  const pending = inFlight.get(key);
  if (pending) return pending;
  const work = (async () => {
    const hit = await cache.get(key);
    if (hit) return hit;
    const data = await compute();
    await cache.put(key, data);
    return data;
  })().finally(() => inFlight.delete(key));
  inFlight.set(key, work);
  return work;
}

export const NO_CACHE: RenderCache = { get: async () => null, put: async () => undefined };

/** What a renderer may do besides computing: write files and report progress. Nothing else. */
export interface RenderContext {
  /** Absolute base URL readers use (links in feeds, QR codes). */
  publicUrl: string;
  /** The day (YYYY-MM-DD, China time) this revision was first recorded: what a video's title card says. */
  revisedOn: string;
  writeArtifact(name: string, mime: string, data: Buffer | string): Promise<ArtifactRef>;
  /** The same for a large file already on disk (a video), moved into the store without reading it into memory. */
  writeArtifactFile(name: string, mime: string, file: string): Promise<ArtifactRef>;
  reportProgress(percent: number): Promise<void>;
  /** The bytes of a file the author uploaded (a cover photo), at most `maxBytes`; a file that is gone is a RenditionRefused. */
  readMedia(media: Media, maxBytes: number): Promise<Buffer>;
  cache: RenderCache;
  /** Scratch directory, shared cache and speech engine for channels that render video. */
  media(): Promise<MediaContext>;
}

/** The part of a render context that preparing a rendition needs (links and dates it lays out). */
export type PreflightContext = Pick<RenderContext, 'publicUrl' | 'revisedOn'> & Partial<Pick<RenderContext, 'readMedia'>>;

/** A finding shown to authors before they publish: errors block the channel, warnings say what will be changed. */
export interface Finding {
  level: 'error' | 'warning' | 'info';
  field: string;
  message: string;
}

export interface RenderResult<Payload = unknown> {
  payload: Payload;
  artifacts: ArtifactRef[];
  listings: Listing[];
}

/** The files of a render kept in memory by name (a preview stores nothing). */
export type RenderedFiles = ReadonlyMap<string, { mime: string; data: Buffer }>;

/**
 * One thing an author can look at before publishing: an image (data URL), a self-contained HTML
 * page for a sandboxed frame (`height`: the screen it is meant for, when it matters), or a video's
 * storyboard (frames drawn small, with their subtitles and what the narration says).
 */
export type PreviewItem =
  | { key: string; channel: string; label: string; kind: 'image'; mime: string; width: number | null; dataUrl: string }
  | { key: string; channel: string; label: string; kind: 'html'; width: number; height?: number; html: string }
  | { key: string; channel: string; label: string; kind: 'storyboard' } & Storyboard;

/** A rendition live on a channel, its payload as the channel's render wrote it. */
export interface LiveRendition<Payload = unknown> {
  documentId: string;
  channel: string;
  hash: string;
  title: string;
  publishedAt: string;
  updatedAt: string;
  payload: Payload;
  artifacts: ArtifactRef[];
}

/** What a channel's follow-up job may use; the publisher builds it (its stores and files stay its own). */
export interface FollowUpDeps<Payload = unknown> {
  logger: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  /** The renditions live on this channel now. */
  live(): Promise<Array<LiveRendition<Payload>>>;
  /** How many of this channel's renditions (latest revisions, not withdrawn) are queued or rendering: each asks for the follow-up again as it goes live or fails. */
  rendersInFlight(): Promise<number>;
  /** Today in China (YYYY-MM-DD), from the publisher's clock. */
  today(): string;
  /** Whether a document is in force on a day, as every page shows it (a basis that ended ends what rests on it). */
  inForce(documentId: string, validTo: string | null, day: string): Promise<boolean>;
  /** The cinema's reels: the publisher's reel store, and stored videos joined into one stored file. */
  reels: ReelWork;
  /** Subscribers' policy pushes (their store and webhook deliveries stay in the publisher). */
  policyPush: { request(reason: string): Promise<void> };
  /** Files this channel's follow-up makes from what is live (the print channel's booklets), kept by key. */
  builtFiles: BuiltFileWork;
  /** The village loudspeakers' (村村响) joined programme per region and day: its longest length (LOUDSPEAKER_MAX_SECONDS), and how many days from today (REEL_DAYS, as the cinema's). */
  loudspeakers: { maxSeconds: number; days: number };
  /** 政策清单 as the live policy documents carry them: each list with its member documents (the print channel's list booklets). */
  policyLists(): Promise<PolicyListMembers[]>;
}

/** A 政策清单 and the live policy documents on it (document order: by document number). */
export interface PolicyListMembers {
  code: string;
  name: string;
  description: string;
  documents: Array<{ documentId: string; title: string; documentNumber: string; validTo: string | null }>;
}

/**
 * A file a channel's follow-up made from several live renditions (a brand column's print booklet):
 * listed on the channel's pages until it is rebuilt or removed; `body` is the channel's own record.
 */
export interface BuiltFile<Body = Record<string, unknown>> { key: string; title: string; file: ArtifactRef; body: Body; builtAt: string }

export interface BuiltFileWork {
  /** This channel's built files. */
  list(): Promise<BuiltFile[]>;
  save(built: BuiltFile): Promise<void>;
  /** Removes this channel's built files not in `keys`; returns how many went. */
  removeExcept(keys: string[]): Promise<number>;
  /** Stores the bytes (by content) before a `save` points at them. */
  store(name: string, mime: string, data: Buffer): Promise<ArtifactRef>;
}

export interface ReelWork {
  find(region: string, date: string): Promise<ReelView | undefined>;
  save(reel: ReelView): Promise<void>;
  /** Removes past dates and regions no segment targets any more; returns how many went. */
  removeExcept(keep: Array<{ region: string; date: string }>): Promise<number>;
  /** Stream copy of stored files of one format by construction (videos, or MP3s: the name's extension says which) into a new stored file. */
  join(videos: ArtifactRef[]): Promise<{ sha256: string; size: number }>;
  /** Days ahead a reel is built for, its shortest length when the segments allow it, and its longest. */
  days: number;
  minSeconds: number;
  maxSeconds: number;
}

/**
 * One channel behind one interface (as editly's frame sources): the publisher plans a render
 * job for every channel that `accepts` a document and calls `render` in a worker.
 */
export interface Channel<Payload = unknown, Code extends string = ChannelCode> {
  /** A ChannelCode for the registered channels; a channel in a test fixture has a code of its own. */
  code: Code;
  /** What operators and authors see. */
  name: string;
  /**
   * 'video' renders run ffmpeg for seconds to minutes and get their own job queue and concurrency,
   * so a reel never holds up a WeChat package; 'light' (the default) renders draw and write.
   */
  workload?: 'light' | 'video';
  accepts(doc: PublishedDocument): boolean;
  /**
   * What the author is told before publishing. Computed by the same preparation as `render`
   * (channels/src/preparation.ts): every RenditionRefused a render of this document would throw
   * is an error finding here with the same message. No files, no rasterizing, no video: fast
   * enough for the CMS panel. Pass the render context's publicUrl and revisedOn (a render context
   * will do) so links and dates are laid out as the render lays them out.
   */
  preflight(doc: PublishedDocument, ctx: PreflightContext): Promise<Finding[]>;
  render(doc: PublishedDocument, ctx: RenderContext): Promise<RenderResult<Payload>>;
  /**
   * What the author sees of a draft before publishing, from a render into memory (`rendered`);
   * video is too slow to render on request and is sketched instead (`sketch`).
   */
  preview?(doc: PublishedDocument, rendered: { payload: Payload; files: RenderedFiles }): Promise<PreviewItem[]>;
  /**
   * For channels whose render is too slow to run on request (video): what the author sees of a
   * draft instead, from the same preparation as `render` without encoding (a storyboard). A
   * RenditionRefused says what to fix, as from render.
   */
  sketch?(doc: PublishedDocument, ctx: PreflightContext): Promise<PreviewItem[]>;
  /**
   * Follow-up work once what is live on this channel changed (a rendition went live, was released,
   * left it) or, with `reason` SWEEP, when the publisher's minute sweep finds the day or a
   * validity may have moved: run in a worker, one at a time, requests collapsing while one waits.
   */
  afterLive?(deps: FollowUpDeps<Payload>, reason: string): Promise<unknown>;
  /** The channel's public pages: a Fastify plugin given read-only queries (registered by the publisher's public plugin). */
  routes?: FastifyPluginAsync<ChannelRouteDeps>;
  /** Called when documents leave this channel (withdrawn, or no longer targeted), before its follow-up runs. */
  withdraw?(documentIds: string[], deps: FollowUpDeps<Payload>): Promise<void>;
  /**
   * A ready-to-post package (operators post it themselves): the payload as served today, with its
   * validity field and a marked title while the policy is not in force (validity-marking.ts).
   * Served on every read, so a validity change needs no render.
   */
  markValidity?(payload: Payload, validity: PackageValidity): Payload;
  /** The artifact that holds the package as JSON, served marked the same way. */
  packageFile?: string;
  /** The last day the rendition may be shown, as its render recorded it (where no basis list is live to tell). */
  validToOf?(payload: Payload): string | null;
  /**
   * The CMS's channel accounts (渠道账号) this channel publishes to, by their platform: what inspection
   * and the annual report check for activity. A 'terminal' syncs by itself (its last update is its
   * last sync); an 'account' is posted to.
   */
  accounts?: { platform: string; kind: 'account' | 'terminal' };
}

/** The reason a follow-up gets from the publisher's minute sweep (a new day, validity that ended, a request lost in a race). */
export const SWEEP = 'sweep';

/** A stored payload read back as its channel's render wrote it: the one cast, here (the store keeps it as JSON). */
export const payloadOf = <Payload>(_channel: Channel<Payload, string>, item: { payload: unknown }): Payload => item.payload as Payload;

/** Thrown by a renderer for content it cannot make a correct rendition of (no retry helps). */
export class RenditionRefused extends Error {
  constructor(message: string, readonly findings: Finding[] = []) {
    super(message);
    this.name = 'RenditionRefused';
  }
}

/** Any channel, registered or a test's own: what the publisher holds (it knows channels only through these). */
export type AnyChannel = Channel<any, string>; // each its own payload
