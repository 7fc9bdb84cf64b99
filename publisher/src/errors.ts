/**
 * One error type for everything the publisher refuses or fails at. `code` comes from the
 * catalogue below; `publicMessage` is safe to show to operators and authors (Chinese, says what
 * to fix); `status` is the HTTP status; `expose` says whether the message may leave the server.
 */
export const ERROR_CATALOGUE = {
  CONFIG_INVALID: { status: 500, expose: false },
  UNAUTHENTICATED: { status: 401, expose: true },
  FORBIDDEN: { status: 403, expose: true },
  NOT_FOUND: { status: 404, expose: true },
  BAD_REQUEST: { status: 400, expose: true },
  RANGE_NOT_SATISFIABLE: { status: 416, expose: true },
  HOOK_SECRET_INVALID: { status: 401, expose: true },
  DOCUMENT_INVALID: { status: 422, expose: true },
  CHANNEL_UNAVAILABLE: { status: 422, expose: true },
  RENDER_FAILED: { status: 500, expose: true },
  /** Chromium for PDFs (CHROMIUM_PATH) would not start: the report's and posters' PDFs wait for the operator; pages are unaffected. */
  PDF_UNAVAILABLE: { status: 503, expose: true },
  STRAPI_UNREACHABLE: { status: 503, expose: true },
  STORE_UNAVAILABLE: { status: 503, expose: false },
  STORAGE_FULL: { status: 507, expose: true },
  /** The object store (S3_ENDPOINT) did not answer or answered 5xx: renders wait for it and go on when it is back. */
  OBJECT_STORE_UNAVAILABLE: { status: 503, expose: true },
  QUERY_TOO_COMPLEX: { status: 400, expose: true },
  CALENDAR_NOT_COVERED: { status: 503, expose: true },
  /** Open-event registration (开放活动报名): bad input, outside the window, a phone already registered. */
  REGISTRATION_INVALID: { status: 400, expose: true },
  REGISTRATION_CLOSED: { status: 409, expose: true },
  REGISTRATION_DUPLICATE: { status: 409, expose: true },
  QUESTION_INVALID: { status: 400, expose: true },
  QUESTION_CHECK_FAILED: { status: 400, expose: true },
  QUESTION_FLOOD: { status: 429, expose: true },
  SURVEY_INVALID: { status: 400, expose: true },
  SURVEY_CLOSED: { status: 410, expose: true },
  SURVEY_ANSWERED: { status: 409, expose: true },
  /** 民生资金公开: a spreadsheet that cannot go in (unreadable, a column missing, rows to fix — each named). */
  FUND_IMPORT_INVALID: { status: 422, expose: true },
  /** A household's own lookup: a name or ID number to correct, or too many lookups (per address, or the county's whole allowance). */
  FUND_LOOKUP_INVALID: { status: 400, expose: true },
  FUND_LOOKUP_LIMITED: { status: 429, expose: true },
  INTERNAL: { status: 500, expose: false },
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export class PublisherError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly expose: boolean;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, { cause: options.cause });
    this.name = 'PublisherError';
    this.code = code;
    this.status = ERROR_CATALOGUE[code].status;
    this.expose = ERROR_CATALOGUE[code].expose;
    this.details = options.details;
  }

  /** Read by graphql-js/Apollo: the GraphQL error code and the HTTP status of the response. */
  get extensions(): { code: ErrorCode; http: { status: number } } {
    return { code: this.code, http: { status: this.status } };
  }

  /** What may be shown outside the server: the message, or a generic line for internal faults. */
  get publicMessage(): string {
    return this.expose ? this.message : '服务内部错误，已记录日志；请稍后重试或联系运维';
  }
}

export function asPublisherError(error: unknown): PublisherError {
  if (error instanceof PublisherError) return error;
  return new PublisherError('INTERNAL', error instanceof Error ? error.message : String(error), { cause: error });
}
