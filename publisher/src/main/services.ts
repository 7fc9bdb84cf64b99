import type { CountyDirectory } from '../inspection/county-directory';
import type { KioskFundItems } from '../funds/kiosk-funds';
import type { FundDisclosureStore } from '../store/fund-disclosure';
import type { FundProjectStore } from '../store/fund-projects';
import type { FundLookupAllowance } from '../funds/lookup-allowance';
import type { Config } from '../config';
import type { StrapiClient } from '../ingest/strapi-client';
import type { ReferenceSignals } from '../ingest/reference-signals';
import type { ReconcileLease } from '../ingest/reconcile-lease';
import type { Logger } from '../logger';
import type { Queues } from '../pipeline/queues';
import type { ArtifactStore } from '../store/artifacts';
import type { Db } from '../store/db';
import type { PublicationStore } from '../store/publications';
import type { PublicationQueries } from '../store/queries';
import type { ReelStore } from '../store/reels';
import type { BuiltFileStore } from '../store/built-files';
import type { KioskStore } from '../store/kiosks';
import type { AnyChannel } from '@tongyuan/channels';
import type { StoredRenderCache } from '../pipeline/render-cache';
import type { PolicyCatalog } from '../policies/catalog';
import type { ValidityBoard } from '../policies/validity-board';
import type { PolicySubscriptionStore } from '../store/policy-subscriptions';
import type { QuestionStore } from '../store/questions';
import type { UsageCounter } from '../store/usage';
import type { CmsDeskClient } from '../ingest/desk-client';
import type { SpamGuard } from '../questions/spam-guard';
import type { RegistrationStore } from '../store/registrations';
import type { RegistrationAllowance } from '../registrations/allowance';
import type { WorkingDayCalendar } from '../questions/working-days';
import type { HolidayTable } from '../questions/holiday-table';
import type { OperatorTokens } from '../store/tokens';
import type { Redis } from 'ioredis';
import type { NormsDictionary } from '../norms/dictionary';
import type { WordingFindings } from '../norms/wording-findings';
import type { ReportPrinter } from '../reports/report-pdf';

/**
 * Every service of a process, built once by `main/wiring.ts` with constructor injection. Only main/
 * sees the whole set: each operation below declares the few it uses and is handed just those
 * (a test in publisher/src/main/layers.test.ts keeps it so).
 */
export interface Services {
  config: Config;
  logger: Logger;
  db: Db;
  store: PublicationStore;
  queries: PublicationQueries;
  artifacts: ArtifactStore;
  strapi: StrapiClient;
  queues: Queues;
  reels: ReelStore;
  /** Files channels' follow-ups build (print booklets). */
  builtFiles: BuiltFileStore;
  kiosks: KioskStore;
  /** Live policy items for matching and facets (issue: policies find people). */
  policies: PolicyCatalog;
  /** Today's validity of every live document (expiry shows everywhere at once). */
  validity: ValidityBoard;
  /** Policy push subscribers, what each was told, and the events. */
  subscriptions: PolicySubscriptionStore;
  /** Drawn images by content key, shared by channels and workers (MEDIA_CACHE_DIR/images). */
  renderCache: StoredRenderCache;
  /** Questions from the public and their state (宜企问). */
  questionDesk: QuestionStore;
  /** Handing questions to the CMS and reading the account registry. */
  cmsDesk: CmsDeskClient;
  /** Proof of work and hourly allowances for the question desk. */
  spamGuard: SpamGuard;
  /** Open-event registrations: seats, the waiting list, check-in (private to the organizing department). */
  registrations: RegistrationStore;
  /** Registrations per address and hour (the question desk's proof of work comes first). */
  allowance: RegistrationAllowance;
  /** The CMS's counties and where departments, sites and terminals belong, read each minute, with its last good copy in the store. */
  counties: CountyDirectory;
  /** 民生资金公开's reads for the disclosure pages and a household's own lookup (live batches only). */
  fundDisclosure: FundDisclosureStore;
  /** 民生项目 and 村级财务 rows (their pages and the county, township, village and fund pages' sections). */
  fundProjects: FundProjectStore;
  /** The touch screens' 民生资金 query item per terminal (its township's villages, masked, as files). */
  kioskFunds: KioskFundItems;
  /** Own-payment lookups per address and hour, and per county and minute. */
  fundLookups: FundLookupAllowance;
  /** The fail-fast Redis connection for counts (question allowances, readers' rate limit); main/ connects and closes it. */
  counters: Redis;
  /** Reference data changed in the CMS (one webhook, one replica): applied here and told to every other process over Redis. */
  referenceSignals: ReferenceSignals;
  /** Which process reconciles the CMS with the store (a Redis lease on the counter connection). */
  reconcileLease: ReconcileLease;
  /** Operator tokens (GraphQL and operators' REST routes). */
  tokens: OperatorTokens;
  /** The State Council working-day calendar: the CMS's 节假日安排 where filed, else chinese-days. */
  calendar: WorkingDayCalendar;
  /** The CMS's 节假日安排 behind the calendar, with its last good copy in the store. */
  holidays: HolidayTable;
  /** Feed pulls and downloads, counted per day for the annual report. */
  usage: UsageCounter;
  /** The norms dictionary (表述规范库) compiled for checking: the base list and the CMS's canonical names. */
  norms: NormsDictionary;
  /** Wrong forms found on live renditions, open and put right (the monitoring platforms' count). */
  wordingFindings: WordingFindings;
  /** The process's one Chromium for PDFs (annual report, 码上监督 posters), started with the first; main/ closes it. */
  reportPrinter: ReportPrinter;
  /** What time it is: the system clock, or a fixed one in tests of deadlines. */
  clock: () => Date;
  /** The channels this deployment renders (CHANNELS), in registry order. */
  channels: AnyChannel[];
  /** Every registered channel (and a test's extra ones): their public pages exist whatever CHANNELS says. */
  registry: AnyChannel[];
}
