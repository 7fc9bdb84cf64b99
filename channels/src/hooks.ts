import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ArtifactRef, BuiltFile, LiveRendition } from './channel';
import type { PolicyListRef, ValidityStatus } from './document/types';

/**
 * What a channel's public pages may read, built once by the publisher's wiring and handed to every
 * channel's `routes` plugin. Read-only except the kiosk's heartbeat; the SQL behind it stays in the
 * publisher. Payloads are `any` here: a channel reads its own through `payloadOf(channel, item)`.
 */
export interface ChannelRouteDeps {
  /** Absolute base URL readers use. */
  publicUrl: string;
  /** Today in China (YYYY-MM-DD), from the publisher's clock. */
  today(): string;
  live: LiveQueries;
  /** The text of a stored file (an article, subtitles). */
  readText(artifact: Pick<ArtifactRef, 'sha256'>): Promise<string>;
  validity: {
    of(documentId: string, fallbackValidTo?: string | null): Promise<PageValidity>;
    /** The sentence a page shows under an ended interpretation (null when it is in force). */
    note(validity: PageValidity): string | null;
  };
  /**
   * A page cached until something goes live or leaves, or the day changes, answered with a strong
   * ETag; `build` returning null is a 404 with `notFound`.
   */
  cached(request: FastifyRequest, reply: FastifyReply, key: string, build: () => Promise<{ type: string; body: string } | null>, options: { notFound: string }): Promise<unknown>;
  /** Counts a feed pull or a download for the annual report (per day, channel, site, document). */
  countRequest(request: FastifyRequest, key: { kind: 'feed' | 'download'; channel: string; site: string; document_id: string }): void;
  /** Kiosk terminals (their heartbeats are the publisher's store). */
  kiosks: {
    terminal(code: string): Promise<KioskTerminal | undefined>;
    heartbeat(code: string, report: { version: string; items: number; cachedFiles: number | null; failedFiles: number; failures: Array<{ name: string; reason: string }> }): Promise<void>;
  };
  /** Cinema reels as built (the reel store is the publisher's). */
  reels: {
    list(options?: { from?: string; region?: string }): Promise<ReelView[]>;
    find(region: string, date: string): Promise<ReelView | undefined>;
    /** Below this many seconds a reel is flagged as short. */
    minSeconds: number;
  };
  /** Files channels' follow-ups built (the print channel's booklets), by channel. */
  builtFiles: { list(channel: string): Promise<BuiltFile[]> };
  /** Counties (区县) as the CMS files them, and which one a document's department (else its first site with one) belongs to. */
  counties: {
    list(): Promise<Array<{ code: string; name: string }> | null>;
    of(department: string | null, sites: string[]): Promise<string | null>;
  };
}

export interface PageValidity {
  status: ValidityStatus;
  endedOn: string | null;
  endedBy: { documentId: string; title: string; documentNumber: string } | null;
}

/** The publisher's queries over live renditions and listings, as pages use them. */
export interface LiveQueries {
  liveItem(channel: string, documentId: string): Promise<LiveRendition<any> | undefined>;
  liveOn(channel: string): Promise<Array<LiveRendition<any>>>;
  listing(channel: string, site: string, column: string, limit: number, offset: number): Promise<{ total: number; items: Array<LiveRendition<any>> }>;
  /** Documents of a kind (`event`…) taken off a channel and not back on it: the rendition they last showed, and when they left. */
  withdrawnOn(channel: string, kind: string): Promise<Array<LiveRendition<any> & { withdrawnAt: string }>>;
  policyList(channel: string, site: string, column: string): Promise<PolicyListRef | null>;
  sitesWithListings(channel: string): Promise<Array<{ site: string; siteName: string; column: string; count: number }>>;
  siteOn(channel: string, code: string): Promise<{ code: string; name: string } | null>;
  documentIdBySlug(slug: string): Promise<string | undefined>;
  isListedOn(channel: string, site: string, documentId: string): Promise<boolean>;
  isSuperseded(channel: string, policyDocumentId: string): Promise<boolean>;
  renditionsOf(documentId: string, hash?: string): Promise<Array<{ channel: string; status: string }>>;
}

export interface KioskTerminal {
  code: string;
  name: string;
  orientation: 'portrait' | 'landscape';
  /** `url`: where a file is fetched when it is not a live rendition's /files/… (the 民生资金 query screen's village files). */
  items: Array<{ documentId: string; revision: string; title: string; text: string; files: Array<{ role: string; name: string; sha256: string; size: number; url?: string }> }>;
}

export interface ReelView {
  region: string;
  regionName: string;
  date: string;
  sha256: string;
  size: number;
  seconds: number;
  segments: Array<{ documentId: string; hash: string; title: string; seconds: number; video: ArtifactRef; silent?: string | null }>;
  builtAt: string;
}
