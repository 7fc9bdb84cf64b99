import type { OpenFigures } from '../questions/open-figures';

import type { DownloadPlaces } from './download-places';
import type { FundFigures } from './fund-figures';

/**
 * What the annual report (年度政务新媒体与政策解读发布报告, issue 9) shows, as plain JSON: whoever
 * gathers the figures fills this, and the renderers turn it into HTML and PDF without looking
 * anything up. Names come with their codes so the renderer never keeps its own label lists.
 * Every count is for the report's year unless it says otherwise.
 */
export interface AnnualReportData {
  year: number;
  /** When the figures were gathered (ISO 8601); the report is "as of" this moment if it falls inside the year. */
  generatedAt: string;
  /** 全部 / one county (区县) / one department / one account. `code` is null for 'all'. */
  scope: { kind: 'all' | 'county' | 'department' | 'account'; code: string | null; name: string };
  /** Publisher who issues the report, e.g. 莒县人民政府办公室; shown under the title. Optional. */
  issuer?: string | null;
  totals: ReportTotals;
  departments: DepartmentReport[];
  accounts: AccountReport[];
  /** One entry per month (YYYY-MM), in order; months without activity have zeros. */
  monthly: MonthlyReport[];
  /** Downloads by the county and the department of the downloaded document, per channel (a grid worker's 明白纸 counts for the department that wrote it). */
  downloadPlaces?: DownloadPlaces;
  /** 你建言我来办 and open events in the year: rounds held, suggestions handled, replied and adopted, events, participants, survey responses. */
  openGovernment?: OpenFigures;
  /** 民生资金公开 in the year (a county's or every county's report): batches by kind, corrections, withdrawals, payments shown, 我要监督. */
  livelihoodFunds?: FundFigures;
}

export interface ReportTotals {
  /** Interpretations published (each counted once, whatever it was published to). */
  interpretations: number;
  /** Renditions published: one interpretation on five channels is five. */
  renditions: number;
  feedPulls: number;
  downloads: number;
  questionsReceived: number;
  questionsAnswered: number;
  /** Answered within the deadline. */
  answeredOnTime: number;
  /** Unanswered and already past the deadline at `generatedAt`. */
  questionsOverdueOpen: number;
  /** 严重表述错误 on the scope's live renditions that year, in the monitoring platforms' count (one 处 = one wrong form in one document on one channel). */
  wording?: { found: number; fixed: number; withdrawn: number; open: number };
}

export interface DepartmentReport {
  code: string;
  name: string;
  interpretations: number;
  /** Formats: graphic_text 图文, qa 问答, image 图片, video 视频, short_video 短视频 … Only formats with a count are needed. */
  byFormat: Array<{ format: string; name: string; count: number }>;
  /** Channels: web 网站, feeds 订阅源, wechat 微信, weibo 微博, kiosk 触摸屏, cinema 电影映前, short-video 短视频 … */
  byChannel: Array<{ channel: string; name: string; count: number }>;
  feedPulls: number;
  downloads: number;
  questions: QuestionCounts;
}

export interface QuestionCounts {
  received: number;
  answered: number;
  answeredOnTime: number;
  /** Unanswered and past the deadline. */
  overdueOpen: number;
}

/** One government new-media account or portal (政务新媒体账号 / 网站) in the report's scope. */
export interface AccountReport {
  code: string;
  /** The account's own name, e.g. 莒县发布 (the platform is shown beside it). */
  name: string;
  platform: string;
  /** e.g. 微信公众号, 微博, 抖音, 门户网站, 触摸屏. */
  platformName: string;
  /** The department's name as shown, e.g. 莒县税务局. */
  department: string;
  administrator: string;
  /** YYYY-MM-DD. */
  openedOn: string | null;
  published: number;
  feedPulls: number;
  downloads: number;
  /** ISO 8601 of the last publication on the account; null when it never published. */
  lastUpdateAt: string | null;
  /** Problems found in the year's checks (错敏字, 长期未更新, broken links …). */
  findings: number;
  /** 严重表述错误 on its live renditions first found that year or still shown in it (表述规范库, src/norms/live-scan.ts). */
  wording?: { found: number; fixed: number; withdrawn: number; open: number };
  /** 重要信息转载 of the items asked of its county that year (src/reposting); null when none was asked of it. */
  reposting?: { required: number; reposted: number; rate: number; overdue: string[] } | null;
}

export interface MonthlyReport {
  /** YYYY-MM. */
  month: string;
  published: number;
  feedPulls: number;
  downloads: number;
  /** Questions received that month. */
  questions: number;
}
