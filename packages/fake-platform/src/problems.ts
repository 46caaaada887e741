/**
 * Every error the fake platform answers with is built here, from one table, so a `code` always comes with the
 * same status, title and `type` URI (the wire contract in docs/platform-api.md promises codes are stable).
 */

/** A field and the rule it broke, as in the `errors` member of a problem document. */
export interface ProblemFieldError {
  /** Dotted path of the offending field (`resources.gpuCount`, `code`, `limit`). */
  field: string;
  /** The rule, in words. */
  rule: string;
}

/** Every problem the platform answers with: its HTTP status and title, by stable `code`. */
export const PROBLEMS = {
  UNAUTHENTICATED: { status: 401, title: 'Authentication required' },
  TOKEN_EXPIRED: { status: 401, title: 'Access token expired' },
  INVALID_API_KEY: { status: 401, title: 'Invalid API key' },
  INVALID_REQUEST: { status: 400, title: 'Invalid request' },
  JOB_NOT_FOUND: { status: 404, title: 'Job not found' },
  FILE_NOT_FOUND: { status: 404, title: 'File not found' },
  ENDPOINT_NOT_FOUND: { status: 404, title: 'Endpoint not found' },
  ROUTE_NOT_FOUND: { status: 404, title: 'No such route' },
  ENDPOINT_EXISTS: { status: 409, title: 'Endpoint already exists' },
  IDEMPOTENCY_KEY_REUSED: { status: 409, title: 'Idempotency key reused with another body' },
  INVALID_PATH: { status: 400, title: 'Invalid file path' },
  CHECKSUM_MISMATCH: { status: 422, title: 'Checksum mismatch' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Payload too large' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  INTERNAL: { status: 500, title: 'Internal error' },
  UNAVAILABLE: { status: 503, title: 'Service unavailable' },
  CONTROL_DISABLED: { status: 404, title: 'Control routes are disabled' },
} as const satisfies Record<string, { status: number; title: string }>;

/** The stable machine-readable error codes of the platform API. */
export type ProblemCode = keyof typeof PROBLEMS;

/** Every {@link ProblemCode}, in the order the API document lists them. */
export const PROBLEM_CODES = Object.freeze(Object.keys(PROBLEMS) as ProblemCode[]);

/** The JSON body of an `application/problem+json` response (RFC 9457), plus the platform's `code`. */
export interface ProblemDocument {
  /** A URI naming the problem kind: `https://neural.dev/problems/<kebab-code>`. */
  type: string;
  /** Short human summary, the same for every occurrence of a code. */
  title: string;
  /** The HTTP status, repeated in the body. */
  status: number;
  /** What happened this time. */
  detail: string;
  /** The stable code clients branch on. */
  code: ProblemCode;
  /** For `INVALID_REQUEST`: each bad field and its rule. */
  errors?: ProblemFieldError[];
}

/** Options of a {@link PlatformProblem}. */
export interface PlatformProblemOptions {
  /** Overrides the code's default status (`INVALID_REQUEST` is 400 for bad syntax, 422 for bad values). */
  status?: number;
  /** Field-level errors. */
  errors?: ProblemFieldError[];
  /** Extra response headers (`Retry-After`). */
  headers?: Record<string, string>;
}

/**
 * A failure the platform reports to its client: thrown anywhere in the model or the handlers and turned
 * into a problem response by `problemResponse` in one place.
 */
export class PlatformProblem extends Error {
  /** The stable code. */
  readonly code: ProblemCode;
  /** The HTTP status this problem is answered with. */
  readonly status: number;
  /** Field-level errors, if any. */
  readonly errors: ProblemFieldError[] | undefined;
  /** Extra response headers. */
  readonly headers: Record<string, string>;

  constructor(code: ProblemCode, detail: string, options: PlatformProblemOptions = {}) {
    super(detail);
    this.name = 'PlatformProblem';
    this.code = code;
    this.status = options.status ?? PROBLEMS[code].status;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }

  /** The problem as the JSON body the API returns. */
  toDocument(): ProblemDocument {
    return {
      type: `https://neural.dev/problems/${this.code.toLowerCase().replaceAll('_', '-')}`,
      title: PROBLEMS[this.code].title,
      status: this.status,
      detail: this.message,
      code: this.code,
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

/** An `INVALID_REQUEST` problem naming one field. */
export function invalidRequest(field: string, rule: string, status = 422): PlatformProblem {
  return new PlatformProblem('INVALID_REQUEST', `${field} ${rule}`, { status, errors: [{ field, rule }] });
}

/**
 * The one place a thrown value becomes an HTTP response: a {@link PlatformProblem} keeps its code, anything
 * else is an `INTERNAL` 500 whose detail does not leak the exception (it may quote secrets).
 */
export function problemResponse(error: unknown): Response {
  const problem =
    error instanceof PlatformProblem
      ? error
      : new PlatformProblem('INTERNAL', 'The platform failed to handle the request');
  return new Response(JSON.stringify(problem.toDocument()), {
    status: problem.status,
    headers: { 'content-type': 'application/problem+json', ...problem.headers },
  });
}
