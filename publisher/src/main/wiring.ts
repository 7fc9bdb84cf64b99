import { CountyDirectory } from '../inspection/county-directory';
import { CountyPlacesCopy } from '../store/county-places-copy';
import { KioskFundItems } from '../funds/kiosk-funds';
import { FundDisclosureStore } from '../store/fund-disclosure';
import { FundProjectStore } from '../store/fund-projects';
import { FundLookupAllowance } from '../funds/lookup-allowance';
import { ConfigError, parseConfig, type Config } from '../config';
import { StrapiClient } from '../ingest/strapi-client';
import { ReconcileLease } from '../ingest/reconcile-lease';
import { ReferenceSignals } from '../ingest/reference-signals';
import { createLogger } from '../logger';
import { Queues } from '../pipeline/queues';
import { openStorage } from '../store/storage';
import { createDb, migrate } from '../store/db';
import { PublicationStore } from '../store/publications';
import { PublicationQueries } from '../store/queries';
import { ReelStore } from '../store/reels';
import { BuiltFileStore } from '../store/built-files';
import { PolicyCatalog } from '../policies/catalog';
import { KioskStore } from '../store/kiosks';
import { ValidityBoard } from '../policies/validity-board';
import { PolicySubscriptionStore } from '../store/policy-subscriptions';
import { QuestionStore } from '../store/questions';
import { UsageCounter } from '../store/usage';
import { CmsDeskClient } from '../ingest/desk-client';
import { COUNTER_CONNECTION, SpamGuard } from '../questions/spam-guard';
import { RegistrationStore } from '../store/registrations';
import { RegistrationAllowance } from '../registrations/allowance';
import { workingDayCalendar } from '../questions/working-days';
import { HolidayTable } from '../questions/holiday-table';
import { HolidayStore } from '../store/holidays';
import { OperatorTokens } from '../store/tokens';
import { NormsDictionary } from '../norms/dictionary';
import { WordingFindings } from '../norms/wording-findings';
import { ReportPrinter } from '../reports/report-pdf';
import { registeredChannels, type AnyChannel } from '@tongyuan/channels';
import { Redis } from 'ioredis';
import type { Logger } from '../logger';
import type { Services } from './services';

/**
 * The one wiring step per process: parse configuration once, build every service with what it
 * needs, and hand back an ordered shutdown (stop taking work, drain, close).
 */
export interface WiringOptions {
  /** Channels beyond the registry's (tests: a channel of a fixture's own, wired the same way). */
  extraChannels?: AnyChannel[];
}

export async function wireServices(part: string, env: NodeJS.ProcessEnv = process.env, clock: () => Date = () => new Date(), options: WiringOptions = {}): Promise<Services> {
  const config: Config = parseConfig(env);
  const registry = registeredChannels(options.extraChannels ?? []);
  const logger = createLogger(config.LOG_LEVEL, `tongyuan-${part}`);
  const db = createDb(config.DATABASE_URL);
  await migrate(db);
  const { artifacts, renderCache } = await openStorage(config);
  const queries = new PublicationQueries(db);
  // The worker's work must see its own go-lives (announcements, reels); readers may share a read for a few ms.
  const validity = new ValidityBoard(queries, clock, part === 'worker' ? 'latest' : 'serving');
  const strapi = new StrapiClient({ url: config.STRAPI_URL, token: config.STRAPI_TOKEN, logger, mediaOrigins: config.MEDIA_ORIGINS });
  const cmsDesk = new CmsDeskClient(strapi, { url: config.STRAPI_URL, hookSecret: config.HOOK_SECRET });
  // The last good copy of the CMS's 节假日安排, from the store: no CMS call at start (main/ starts the refresh).
  const holidays = new HolidayTable({ store: new HolidayStore(db), cms: cmsDesk, logger, clock });
  await holidays.load();
  // One fail-fast connection for counts, shared by the question guard and the readers' rate limit; main/ connects and closes it.
  const counters = new Redis(config.REDIS_URL, COUNTER_CONNECTION);
  counters.on('error', () => undefined); // the queues log Redis outages; a count Redis can't take is skipped or kept in memory
  const counties = new CountyDirectory({ cmsDesk, copy: new CountyPlacesCopy(db), logger });
  const fundDisclosure = new FundDisclosureStore(db);
  const fundProjects = new FundProjectStore(db);
  const policies = new PolicyCatalog(queries, config.GRAPHQL_MAX_PAGE, () => strapi.fetchTags(), logger, clock);
  const norms = new NormsDictionary({ cmsDesk, logger });
  // A reference webhook reaches one API replica: every process's copies follow (ingest/reference-signals.ts); main/ starts listening.
  const referenceSignals = new ReferenceSignals(counters, `${config.QUEUE_PREFIX}:reference-changes`, {
    reference: () => { policies.forgetTags(); counties.forget(); },
    norms: () => norms.forget(),
    holidays: () => holidays.load(), // the process that took the webhook wrote the store's copy before announcing
  }, logger);
  return {
    config,
    logger,
    db,
    store: new PublicationStore(db),
    queries,
    kiosks: new KioskStore(db, queries, validity),
    validity,
    artifacts,
    strapi,
    queues: new Queues(config),
    reels: new ReelStore(db),
    builtFiles: new BuiltFileStore(db),
    renderCache,
    policies,
    subscriptions: new PolicySubscriptionStore(db),
    questionDesk: new QuestionStore(db),
    cmsDesk,
    spamGuard: new SpamGuard(config, counters),
    registrations: new RegistrationStore(db),
    allowance: new RegistrationAllowance(config, counters),
    counties,
    fundDisclosure,
    fundProjects,
    kioskFunds: new KioskFundItems({ fundDisclosure, fundProjects, counties, artifacts, config }),
    fundLookups: new FundLookupAllowance(config, counters),
    counters,
    // Three rounds long: a holder that died hands over within three rounds; one that stops, at once.
    reconcileLease: new ReconcileLease(counters, `${config.QUEUE_PREFIX}:reconciler`, 3 * config.RECONCILE_INTERVAL_MS, logger),
    tokens: new OperatorTokens(db),
    calendar: workingDayCalendar(holidays.years),
    holidays,
    usage: new UsageCounter(db, logger),
    norms,
    referenceSignals,
    wordingFindings: new WordingFindings(db),
    // Playwright loads and Chromium starts with the first PDF, not into every process at start.
    reportPrinter: new ReportPrinter({ chromiumPath: config.CHROMIUM_PATH }),
    clock,
    channels: enabledChannels(config, registry),
    registry,
  };
}

/** CHANNELS picks from the registry; an unknown code stops the process with the list of known ones. */
export function enabledChannels(config: Config, all: AnyChannel[]): AnyChannel[] {
  if (config.CHANNELS.length === 0) return all;
  const unknown = config.CHANNELS.filter((code) => !all.some((c) => c.code === code));
  if (unknown.length) throw new ConfigError(`CHANNELS 中有未知渠道：${unknown.join('、')}；可选：${all.map((c) => c.code).join(',')}`);
  return all.filter((c) => config.CHANNELS.includes(c.code));
}

/** Runs the steps in order on SIGTERM/SIGINT; a second signal exits at once. */
export function onShutdown(services: { logger: Logger }, steps: Array<[string, () => Promise<unknown>]>): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    services.logger.info({ signal }, '正在停止');
    for (const [name, step] of steps) {
      try {
        await step();
      } catch (error) {
        services.logger.error({ step: name, err: (error as Error).message }, '停止步骤出错');
      }
    }
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
