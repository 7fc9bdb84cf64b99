import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { storageOptions, storageProblems } from './config-storage';

/**
 * Every publisher and worker option, parsed once at start from the environment. Each has a
 * default that works on a developer machine and a reason, its description; a wrong value stops the
 * process with a message naming the variable. docs/configuration.md's table is generated from the
 * descriptions (`npm run docs`; shownDefault is what the table says for a default computed per machine).
 */
// Default data lives beside the publisher package, whatever directory a command runs from.
const DATA_DIR = path.resolve(__dirname, '..', '.tmp');
const int = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);
const flag = (fallback: boolean) =>
  z.enum(['true', 'false', '1', '0']).default(fallback ? 'true' : 'false').transform((v) => v === 'true' || v === '1');

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development')
    .describe('production refuses the development ops password and turns GraphQL introspection off'),
  PORT: int(4000, 1).describe('where operators, feeds, pages and files are served'),
  HOST: z.string().default('0.0.0.0').describe('the address the publisher listens on'),
  PUBLIC_URL: z.url().default('http://localhost:4000')
    .describe('the absolute URL readers see, used in feeds, sitemaps, file links and QR codes'),
  STRAPI_URL: z.url().default('http://localhost:1337').describe('the CMS the publisher reads'),
  STRAPI_TOKEN: z.string().min(16, 'STRAPI_TOKEN 至少 16 个字符：与 CMS 使用同一个值')
    .describe("the CMS's read-only API token: the same value as the CMS's, which creates it at start"),
  HOOK_SECRET: z.string().min(16, 'HOOK_SECRET 至少 16 个字符：与 CMS 使用同一个值')
    .describe("the shared secret Strapi's webhook carries (the same value as the CMS's); compared in constant time"),
  DATABASE_URL: z.string().default(`file:${path.join(DATA_DIR, 'publisher.db')}`)
    .describe("the publisher's own store: a SQLite file, or PostgreSQL when this is a postgres:// URL"),
  REDIS_URL: z.url().default('redis://127.0.0.1:6379')
    .describe('the job queues: queue state only, everything to rebuild it is in the database'),
  QUEUE_PREFIX: z.string().default('tongyuan').describe("prefix of the queues' Redis keys"),
  ARTIFACT_DIR: z.string().default(path.join(DATA_DIR, 'artifacts')).describe('content-addressed artifacts (sha256) on local disk (STORAGE=local)'),
  ...storageOptions,
  FFMPEG_PATH: z.string().optional()
    .meta({ description: 'which ffmpeg; empty means the one npm installs (ffmpeg-static, then @ffmpeg-installer/ffmpeg)', shownDefault: 'bundled' }),
  CHANNELS: z.string().default('').transform((v) => v.split(',').map((c) => c.trim()).filter(Boolean))
    .meta({
      description: 'channels this deployment renders, comma-separated codes such as web,feeds; empty means every registered ' +
        'channel. A site-only deployment, or a test not about video, leaves out cinema, short-video and tv',
      shownDefault: 'every registered channel',
    }),
  MEDIA_CACHE_DIR: z.string().default(path.join(DATA_DIR, 'media-cache'))
    .describe('encoded keyframes, speech and finished videos by content hash: deleting it only costs re-encoding'),
  RENDER_CACHE_DAYS: int(30, 1)
    .describe('drawn images (一图读懂, covers, panels; MEDIA_CACHE_DIR/images, shared by channels and workers) nothing used for this many days leave the cache at worker start'),
  FFMPEG_TIMEOUT_MS: int(600_000, 1000)
    .describe('upper bound for one ffmpeg run: a hung encoder fails the job (and it is retried) instead of holding it'),
  SPEECH_ENGINE: z.enum(['auto', 'npm', 'system', 'off']).default('auto')
    .describe('narration, looked for at every video job: auto = espeak-ng from npm (the same voice on every machine), else the ' +
      "system's; npm or system = only that one; off = silent videos, each saying so on the CMS panel, /status and /cinema"),
  REEL_DAYS: int(7, 1).describe('cinema reels are kept ready for today and this many days ahead, per screening region'),
  REEL_MIN_SECONDS: int(180, 1).describe('a reel is 3–5 minutes: segments are chosen to reach this when they can, and one shorter is flagged on /cinema'),
  REEL_MAX_SECONDS: int(300, 30).describe('segments are added to a reel up to this length'),
  LOUDSPEAKER_MAX_SECONDS: int(900, 60)
    .describe("a region's village-loudspeaker (村村响) programme joins the newest audio programmes up to this length: " +
      "a 15-minute policy slot fits the morning or evening broadcast that villages run, beside news and notices"),
  KIOSK_STALE_HOURS: int(24, 1)
    .describe("a kiosk terminal that has not synced for this long shows as stale on /status (Suzhou's inspections flag " +
      "accounts that stopped updating); a terminal's own 离线告警 hours in the CMS win"),
  MEDIA_ORIGINS: z.string().default('')
    .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean))
    .refine((list) => list.every((o) => URL.canParse(o)), 'MEDIA_ORIGINS 应为逗号分隔的网址，如 https://oss.example.gov.cn')
    .transform((list) => list.map((o) => new URL(o).origin))
    .describe("origins besides the CMS that authors' uploads may be fetched from (an object store), comma-separated; nothing else is fetched"),
  WORKER_CONCURRENCY: int(2 * Math.max(1, os.availableParallelism()), 1)
    .meta({
      description: "image and text renders one worker runs at once: they wait on disk, the store and each other's shared " +
        'drawing, so two per core keep the cores busy (full republish: 30.4 s → 20.5 s for 142 documents)',
      shownDefault: '2 × cores',
    }),
  VIDEO_CONCURRENCY: int(Math.max(1, os.availableParallelism()), 1)
    .meta({ description: 'video renders (ffmpeg, itself multi-threaded; their own queue, render-video) at once per worker: one per core', shownDefault: 'cores' }),
  RECONCILE_INTERVAL_MS: int(5000, 500)
    .describe('how often the reconciler compares the CMS with the store: a lost webhook costs at most this. A round reads only ' +
      'what changed (six one-row CMS requests when nothing did, whatever the number of documents); one process reconciles at a time'),
  RECONCILE_FULL_INTERVAL_MS: int(3_600_000, 10_000)
    .describe('how often the reconciler also compares every published document with the store (and at start, and when another ' +
      'process takes over): catches what the change-driven rounds cannot see, such as an edit on a CMS host whose clock is off by more ' +
      'than RECONCILE_MARGIN_MS; costs a listing of everything, about 200 small CMS requests at 20,000 documents, so hourly'),
  RECONCILE_MARGIN_MS: int(60_000, 0)
    .describe("how far before its previous round (by the CMS's clock) a round looks for changed documents: covers CMS transactions " +
      'committed late and CMS hosts whose clocks differ; what changed within it is looked at again each round, which is cheap'),
  JOB_ATTEMPTS: int(5, 1).describe('attempts per render job before it is marked failed'),
  JOB_BACKOFF_MS: int(1000, 10).describe("first delay of a failed render job's exponential backoff"),
  JOB_LOCK_MS: int(30_000, 1000)
    .describe("how long a render job's lock lives without renewal: after a worker dies (SIGKILL, power loss) its job is " +
      "taken over within about this long. BullMQ's default"),
  PUSH_ATTEMPTS: int(8, 1)
    .describe('policy push webhooks: attempts per event; eight attempts from 30 s, doubling, span about an hour (a receiver\'s restart or deployment)'),
  PUSH_BACKOFF_MS: int(30_000, 10).describe("policy push webhooks: first delay of a failed event's exponential backoff"),
  PUSH_TIMEOUT_MS: int(10_000, 100).describe('policy push webhooks: how long one POST may take before it counts as failed'),
  GRAPHQL_MAX_DEPTH: int(8, 2).describe("operators' GraphQL: deepest nesting a query may have"),
  GRAPHQL_MAX_COST: int(5000, 10).describe("operators' GraphQL: largest estimated cost a query may have"),
  GRAPHQL_MAX_PAGE: int(100, 1).describe("operators' GraphQL: largest page a list may return"),
  GRAPHQL_INTROSPECTION: flag(process.env.NODE_ENV !== 'production')
    .meta({ description: 'schema discovery, for development: off in production', shownDefault: 'true outside production' }),
  ADMIN_USER: z.string().default('ops').describe('basic auth for /status, /metrics and /admin/queues (operations staff)'),
  ADMIN_PASSWORD: z.string().min(8).default('Tongyuan2026!')
    .describe('basic auth password for /status, /metrics and /admin/queues; the development default is refused in production'),
  RATE_LIMIT_PER_MINUTE: int(3000)
    .describe('anonymous requests per client address and minute on public pages, feeds, files, kiosks, cinema and the finder ' +
      '(0: no limit). A terminal\'s first sync (every item\'s page, QR and slides — hundreds of files) or a projectionist\'s ' +
      'resumed download stays below it, even for a few terminals behind one village address; a scraper or a flood (more ' +
      'than 50 a second) is told to wait (429 with Retry-After and a Chinese message). Counted in Redis, so all API replicas ' +
      'share one count; operators, the CMS\'s webhook, staff and /healthz /readyz are not counted; if Redis is down readers are served'),
  TRUST_PROXY: z.string().default('loopback,linklocal,uniquelocal').transform((v) => v.split(',').map((p) => p.trim()).filter(Boolean))
    .describe("whose X-Forwarded-For is believed for the client's address (proxy-addr names or CIDRs, comma-separated), so a " +
      "client cannot name its own address to slip past the limit; the default is loopback and private networks (the cluster's load balancer)"),
  PUBLIC_MAX_AGE_SECONDS: int(60)
    .describe('how long a CDN or browser may serve a page, feed or manifest without asking again (max-age). A minute turns a ' +
      "county's rush on one page into one origin request a minute per CDN node, yet a withdrawal reaches readers behind a CDN " +
      'within this plus PUBLIC_STALE_SECONDS (90 s by default; docs/operations.md); 0 makes every reader revalidate'),
  PUBLIC_STALE_SECONDS: int(30)
    .describe('how long past max-age a CDN may still answer with its old copy while it fetches the new one (stale-while-revalidate): ' +
      'readers never wait on the origin for a popular page, and it bounds how much later than max-age a withdrawal can show'),
  ARTIFACT_MIN_FREE_MB: int(0)
    .describe('free space the artifact disk keeps: below it renders wait, queued with the reason (文件存储空间不足…), and are ' +
      "planned again by the reconciler once space is back, instead of filling the disk to the last byte (the store's database " +
      "may share it). 0 turns the check off — a developer's disk may be nearly full; production sets it (compose: 1024)"),
  QUESTION_DUE_WORKING_DAYS: int(2, 1)
    .describe("the Q&A desk (宜企问): answers are due this many working days after a question arrives (Yichun's promise)"),
  HOLIDAY_REFRESH_MS: int(600_000, 1000)
    .describe("how often each process re-reads the CMS's 节假日安排 (the API also at once on its webhook): a clerk's entry reaches every process within this"),
  QUESTION_LIMIT_PER_HOUR: int(5, 1).describe('questions one address may ask on the sites per hour; 429 with Retry-After past it'),
  QUESTION_KIOSK_LIMIT_PER_HOUR: int(60, 1)
    .describe('questions one kiosk terminal may send per hour: a whole service hall shares it, so it is larger'),
  QUESTION_OPERATOR_LIMIT_PER_HOUR: int(1000, 1)
    .describe("questions one operator token may relay per hour: an app relaying from WeChat or Weibo speaks for many people"),
  QUESTION_POW_MAX_NUMBER: int(50_000, 100)
    .describe("difficulty of the site form's proof of work (ALTCHA, solved by the reader's browser in a second or two, no " +
      'outside service): the largest number the browser may have to try'),
  REGISTRATION_LIMIT_PER_HOUR: int(5, 1)
    .describe('open-event registrations (开放活动报名) one address may make per hour (429 past it): a family registering its members ' +
      'fits; behind a trusted proxy the address is X-Forwarded-For\'s (TRUST_PROXY), so a school or office behind one NAT is one address'),
  REGISTRATION_GROUPS: z.string().default('学生,退休人员,个体工商户,企业职工,律师,教师,其他')
    .transform((v) => v.split(',').map((g) => g.trim()).filter(Boolean)).pipe(z.array(z.string().max(20)).min(1, 'REGISTRATION_GROUPS 至少一个身份'))
    .describe("the registration form's 身份 choices (comma-separated), shown to the organizer's staff on the door list"),
  FUND_NAME_MASK: z.enum(['middle', 'surname']).default('middle')
    .describe("民生资金公开: how payees' names show on disclosure pages and kiosks — middle: the middle characters hidden (张*, 张*丰, 欧**娜), " +
      'so neighbours recognise a household; surname: only the first character shown (张**). Full names are never shown'),
  FUND_ID_SHOWN: z.string().default('4,4')
    .transform((v) => v.split(',').map((n) => Number(n.trim())))
    .pipe(z.tuple([z.number().int().min(0), z.number().int().min(0)]).refine(([head, tail]) => head + tail <= 10, 'FUND_ID_SHOWN 两数之和不能超过 10：身份证号至少要隐去 8 位（出生日期）'))
    .describe('民生资金公开: how many leading and trailing characters of an ID number show (4301**********123X); the rest, the birth date always among it, is hidden'),
  FUND_LOOKUP_LIMIT_PER_HOUR: int(10, 1)
    .describe("a household's own payment lookup (name and full ID number, after a proof of work): lookups one address may make per hour"),
  FUND_LOOKUP_COUNTY_PER_MINUTE: int(60, 1)
    .describe("lookups one county's page answers per minute from all addresses together: guessing ID numbers from many addresses is slowed " +
      "to this (a county's villagers checking their own payments stay far below it)"),
  QUESTION_SWEEP_MS: int(60_000, 500)
    .describe('how often the worker hands waiting questions to the CMS, copies answers back and flags overdue ones'),
  INSPECTION_INTERVAL_MS: int(3_600_000, 1000)
    .describe("channel inspection (Suzhou's 常态化巡检): how often it runs; the first run comes 5 minutes after a worker starts (or one interval, if shorter), and /status has a button to run one at once"),
  INSPECTION_LINK_TIMEOUT_MS: int(10_000, 100).describe('channel inspection: how long one link may take to answer'),
  CHROMIUM_PATH: z.string().default('/usr/bin/chromium')
    .describe("Chromium for the annual report's and the 码上监督 posters' PDFs, one per API process started with the first (Debian's package; the worker image installs it)"),
  STATIC_DIR: z.string().optional()
    .describe("a folder served as plain static files at /static/ (a CDN origin, or the benchmark's static baseline); unset serves none"),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info')
    .describe('pino JSON logs, with documentId / revision / job ids'),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

export function parseConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`发布服务配置有误，请修改这些环境变量：\n${lines.join('\n')}`);
  }
  const config = result.data;
  const storage = storageProblems(config);
  if (storage.length) throw new ConfigError(`发布服务配置有误，请修改这些环境变量：\n${storage.map((line) => `  ${line}`).join('\n')}`);
  if (config.NODE_ENV === 'production' && config.ADMIN_PASSWORD === 'Tongyuan2026!') {
    throw new ConfigError('发布服务配置有误：生产环境必须设置 ADMIN_PASSWORD（运维后台密码），不能使用开发默认值');
  }
  return config;
}
