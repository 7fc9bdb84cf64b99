import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/**
 * Every publisher and worker option, parsed once at start from the environment. Each has a
 * default that works on a developer machine and a reason; a wrong value stops the process with
 * a message naming the variable.
 */
// Default data lives beside the publisher package, whatever directory a command runs from.
const DATA_DIR = path.resolve(__dirname, '..', '.tmp');
const int = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);
const flag = (fallback: boolean) =>
  z.enum(['true', 'false', '1', '0']).default(fallback ? 'true' : 'false').transform((v) => v === 'true' || v === '1');

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  // Where operators, feeds, pages and files are served.
  PORT: int(4000, 1),
  HOST: z.string().default('0.0.0.0'),
  // The absolute URL readers see, used in feeds, sitemaps and QR codes.
  PUBLIC_URL: z.url().default('http://localhost:4000'),
  // The CMS the publisher reads, with its read-only token (the CMS creates it at start from the same value).
  STRAPI_URL: z.url().default('http://localhost:1337'),
  STRAPI_TOKEN: z.string().min(16, 'STRAPI_TOKEN 至少 16 个字符：与 CMS 使用同一个值'),
  // Shared secret Strapi's webhook carries; compared in constant time.
  HOOK_SECRET: z.string().min(16, 'HOOK_SECRET 至少 16 个字符：与 CMS 使用同一个值'),
  // The publisher's own store: a SQLite file by default, PostgreSQL when this is a postgres:// URL.
  DATABASE_URL: z.string().default(`file:${path.join(DATA_DIR, 'publisher.db')}`),
  // Queue state only; everything to rebuild it is in the database.
  REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z.string().default('tongyuan'),
  // Content-addressed artifacts (sha256) on local disk.
  ARTIFACT_DIR: z.string().default(path.join(DATA_DIR, 'artifacts')),
  // ffmpeg binary; empty means ffmpeg-static, then @ffmpeg-installer/ffmpeg.
  FFMPEG_PATH: z.string().optional(),
  // Channels this deployment renders (comma-separated codes); empty means every registered channel.
  // A site-only deployment, or a test not about video, leaves out cinema and short-video.
  CHANNELS: z.string().default('').transform((v) => v.split(',').map((c) => c.trim()).filter(Boolean)),
  // Encoded stills, speech and finished videos by content hash: deleting it only costs re-encoding.
  MEDIA_CACHE_DIR: z.string().default(path.join(DATA_DIR, 'media-cache')),
  // Drawn images (一图读懂, covers, panels) nothing used for this many days leave the cache at worker start.
  RENDER_CACHE_DAYS: int(30, 1),
  // Upper bound for one ffmpeg run; a hung encoder fails the job (and it is retried) instead of holding it.
  FFMPEG_TIMEOUT_MS: int(600_000, 1000),
  // Narration, looked for at every video job: auto = espeak-ng from npm (the same voice on every machine), else the system's;
  // npm or system = only that one; off = silent videos, each saying so on the CMS panel, /status and /cinema.
  SPEECH_ENGINE: z.enum(['auto', 'npm', 'system', 'off']).default('auto'),
  // Cinema reels are kept ready for today and this many days ahead, per screening region.
  REEL_DAYS: int(7, 1),
  // A reel is 3–5 minutes: segments are added up to the maximum; a shorter one is flagged on /cinema.
  REEL_MIN_SECONDS: int(180, 1),
  REEL_MAX_SECONDS: int(300, 30),
  // A kiosk terminal that has not synced for this long shows as stale on /status (Suzhou's
  // inspections flag accounts that stopped updating); a terminal's own staleAfterHours in the CMS wins.
  KIOSK_STALE_HOURS: int(24, 1),
  // Where authors' uploads may live besides the CMS itself (an object store's origin); nothing else is fetched.
  MEDIA_ORIGINS: z.string().default('')
    .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean))
    .refine((list) => list.every((o) => URL.canParse(o)), 'MEDIA_ORIGINS 应为逗号分隔的网址，如 https://oss.example.gov.cn')
    .transform((list) => list.map((o) => new URL(o).origin)),
  // Image and text renders one worker runs at once: they wait on disk, the store and each other's
  // shared drawing, so two per core keep the cores busy (full republish: 30.4 s → 20.5 s for 142 documents).
  WORKER_CONCURRENCY: int(2 * Math.max(1, os.availableParallelism()), 1),
  // Video renders (ffmpeg, itself multi-threaded) at once per worker: one per core.
  VIDEO_CONCURRENCY: int(Math.max(1, os.availableParallelism()), 1),
  // How often the reconciler compares the CMS with the store; a lost webhook costs at most this.
  RECONCILE_INTERVAL_MS: int(5000, 500),
  // Attempts per render job before it is marked failed, with exponential backoff from this delay.
  JOB_ATTEMPTS: int(5, 1),
  JOB_BACKOFF_MS: int(1000, 10),
  // How long a render job's lock lives without renewal: after a worker dies (SIGKILL, power loss)
  // its job is taken over within about this long. BullMQ's default.
  JOB_LOCK_MS: int(30_000, 1000),
  // Policy push webhooks: attempts per event with exponential backoff from this delay (eight attempts
  // from 30 s, doubling, span about an hour: a receiver's restart or deployment), and how long one
  // POST may take before it counts as failed.
  PUSH_ATTEMPTS: int(8, 1),
  PUSH_BACKOFF_MS: int(30_000, 10),
  PUSH_TIMEOUT_MS: int(10_000, 100),
  // Operator GraphQL limits: nesting depth, estimated cost and page size.
  GRAPHQL_MAX_DEPTH: int(8, 2),
  GRAPHQL_MAX_COST: int(5000, 10),
  GRAPHQL_MAX_PAGE: int(100, 1),
  // Off in production: schema discovery is for development.
  GRAPHQL_INTROSPECTION: flag(process.env.NODE_ENV !== 'production'),
  // Bull Board and /status for operations staff (basic auth).
  ADMIN_USER: z.string().default('ops'),
  ADMIN_PASSWORD: z.string().min(8).default('Tongyuan2026!'),
  // Anonymous requests per client address and minute on public pages, feeds, files, kiosks and the finder (0: no
  // limit). A terminal's first sync (every item's page, QR and slides — hundreds of files) or a projectionist's resumed
  // download stays below it, even for a few terminals behind one village address; a scraper or a flood (more than
  // 50 a second) is told to wait (429 with Retry-After). Counted in Redis, so all API replicas share one count.
  RATE_LIMIT_PER_MINUTE: int(3000),
  // Whose X-Forwarded-For is believed for the client's address (proxy-addr names or CIDRs, comma-separated), so a
  // client cannot name its own address to slip past the limit. Default: loopback and private networks (the cluster's
  // load balancer).
  TRUST_PROXY: z.string().default('loopback,linklocal,uniquelocal').transform((v) => v.split(',').map((p) => p.trim()).filter(Boolean)),
  // Free space the artifact disk keeps: below it, renders wait and are retried instead of filling the disk to the
  // last byte (the store's database may share it). 0 (the default) turns the check off — a developer's disk may be
  // nearly full; production sets it (compose: 1024).
  ARTIFACT_MIN_FREE_MB: int(0),
  // The Q&A desk (宜企问): answers are due this many working days after a question arrives (Yichun's promise).
  QUESTION_DUE_WORKING_DAYS: int(2, 1),
  // How often each process re-reads the CMS's 节假日安排 (the API also on its webhook): a clerk's entry reaches every process within this.
  HOLIDAY_REFRESH_MS: int(600_000, 1000),
  // Questions one address may ask on the sites per hour; a kiosk terminal, which a whole service hall
  // shares, gets its own larger allowance; an operator's app relaying from WeChat or Weibo, more again.
  QUESTION_LIMIT_PER_HOUR: int(5, 1),
  QUESTION_KIOSK_LIMIT_PER_HOUR: int(60, 1),
  QUESTION_OPERATOR_LIMIT_PER_HOUR: int(1000, 1),
  // The site form's proof of work (ALTCHA, solved by the reader's browser in a second or two, no outside
  // service): its difficulty, the largest number the browser may have to try.
  QUESTION_POW_MAX_NUMBER: int(50_000, 100),
  // How often the worker hands waiting questions to the CMS, copies answers back and flags overdue ones.
  QUESTION_SWEEP_MS: int(60_000, 500),
  // Channel inspection (Suzhou's 常态化巡检): how often it runs, and how long one link may take to answer.
  INSPECTION_INTERVAL_MS: int(3_600_000, 1000),
  INSPECTION_LINK_TIMEOUT_MS: int(10_000, 100),
  // Chromium for the annual report's PDF (Debian's package; the worker image installs it).
  CHROMIUM_PATH: z.string().default('/usr/bin/chromium'),
  // A folder served as plain static files at /static (a CDN origin, or the benchmark's static baseline).
  STATIC_DIR: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
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
  if (config.NODE_ENV === 'production' && config.ADMIN_PASSWORD === 'Tongyuan2026!') {
    throw new ConfigError('发布服务配置有误：生产环境必须设置 ADMIN_PASSWORD（运维后台密码），不能使用开发默认值');
  }
  return config;
}
