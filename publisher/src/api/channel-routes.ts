import { chinaToday, registeredChannels, type AnyChannel, type ChannelRouteDeps, type Clock } from '@tongyuan/channels';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config';
import { PublisherError } from '../errors';
import { countyOf } from '../inspection/account-scope';
import { CountyDirectory } from '../inspection/county-directory';
import type { CmsDeskClient } from '../ingest/desk-client';
import { audienceOf, markAudience } from './access';
import { validityNote, type ValidityBoard } from '../policies/validity-board';
import type { ArtifactStore } from '../store/artifacts';
import type { BuiltFileStore } from '../store/built-files';
import type { KioskStore } from '../store/kiosks';
import type { KioskFundItems } from '../funds/kiosk-funds';
import type { PublicationQueries } from '../store/queries';
import type { ReelStore } from '../store/reels';
import type { UsageCounter } from '../store/usage';
import { cachedResponse, type CacheDeps } from './cache';

/** What the channels' public pages are built from: the publisher's stores, read-only (the kiosk's heartbeat aside). */
export type ChannelPagesDeps = CacheDeps & {
  config: Pick<Config, 'PUBLIC_URL' | 'KIOSK_STALE_HOURS' | 'REEL_MIN_SECONDS'>;
  clock: Clock;
  queries: PublicationQueries;
  counties: CountyDirectory;
  artifacts: Pick<ArtifactStore, 'readText'>;
  validity: Pick<ValidityBoard, 'of'>;
  kiosks: Pick<KioskStore, 'terminal' | 'heartbeat'>;
  kioskFunds: Pick<KioskFundItems, 'itemFor' | 'lists'>;
  reels: Pick<ReelStore, 'list' | 'find'>;
  usage: Pick<UsageCounter, 'countRequest'>;
  builtFiles: Pick<BuiltFileStore, 'list'>;
  /** The CMS's counties and where departments and sites are (the print channel's county pages). */
  cmsDesk: Pick<CmsDeskClient, 'countyPlaces'>;
  /** Every channel whose pages are served: the whole registry (and a test's own channels), not only CHANNELS. */
  registry?: AnyChannel[];
};

/** The one deps object every channel's `routes` plugin gets, built once per app. */
export function channelRouteDeps(deps: ChannelPagesDeps): ChannelRouteDeps {
  const today = () => chinaToday(deps.clock);
  const { counties } = deps;
  return {
    publicUrl: deps.config.PUBLIC_URL,
    today,
    live: deps.queries,
    readText: async (artifact) => {
      const text = await deps.artifacts.readText(artifact.sha256);
      if (text === null) throw new PublisherError('NOT_FOUND', '文件不存在');
      return text;
    },
    validity: { of: (documentId, validTo) => deps.validity.of(documentId, validTo ?? null), note: validityNote },
    cached: (request, reply, key, build, options) => cachedResponse(deps, request, reply, key, build, options),
    countRequest: (request, key) => deps.usage.countRequest(request, key),
    kiosks: {
      // The 民生资金 query screen's item rides in the terminal's manifest beside its interpretations (funds/kiosk-funds.ts).
      terminal: async (code) => {
        const terminal = await deps.kiosks.terminal(code, today(), deps.config.KIOSK_STALE_HOURS);
        const funds = terminal ? await deps.kioskFunds.itemFor(code) : null;
        return terminal && funds ? { ...terminal, items: [funds, ...terminal.items] } : terminal;
      },
      heartbeat: (code, report) => deps.kiosks.heartbeat(code, report),
    },
    reels: { list: (options) => deps.reels.list(options), find: (region, date) => deps.reels.find(region, date), minSeconds: deps.config.REEL_MIN_SECONDS },
    builtFiles: { list: (channel) => deps.builtFiles.list(channel) },
    counties: { list: () => counties.list(), of: async (department, sites) => countyOf(await counties.places(), department, sites, []) },
  };
}

/**
 * Registers each channel's `routes` plugin (portal pages, feeds, kiosk app and manifest, /cinema, a test
 * channel's page) with the same deps: the publisher names no channel and no page here. A channel's
 * pages are public; a route access.ts gives to another audience (a staff page) cannot hide in one.
 */
export async function registerChannelRoutes(app: FastifyInstance, channels: AnyChannel[], deps: ChannelRouteDeps): Promise<void> {
  await app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) {
        const declared = method === 'HEAD' ? undefined : audienceOf(`${method} ${route.url}`);
        if (declared && declared !== 'public') {
          throw new PublisherError('INTERNAL', `渠道页面 ${method} ${route.url} 在 access.ts 中属于“${declared}”：渠道的 routes 只能注册公开页面`);
        }
      }
      markAudience(route, 'public'); // the readers' rate limit counts it, listed in access.ts or not
    });
    for (const channel of channels) if (channel.routes) await scope.register(channel.routes, deps);
  });
}

/** The public plugin's call: every registered channel's pages. */
export async function registerChannelPages(app: FastifyInstance, deps: ChannelPagesDeps): Promise<void> {
  await registerChannelRoutes(app, deps.registry ?? registeredChannels(), channelRouteDeps(deps));
}
