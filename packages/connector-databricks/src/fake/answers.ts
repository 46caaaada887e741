/** What the fake workspace answers, before it becomes a `Response`. */
export interface FakeAnswer {
  readonly status: number;
  /** A JSON body. */
  readonly json?: unknown;
  /** A raw body (a downloaded file). */
  readonly bytes?: Uint8Array | undefined;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Drop the connection instead of answering (after acting, for a `drop-after` fault). */
  readonly drop?: boolean | undefined;
}

/** A request as the fake workspace reads it. */
export interface FakeRequest {
  readonly method: string;
  /** The decoded path, such as `/api/2.1/jobs/runs/get`. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Headers;
  /** The body's bytes (empty without a body). */
  readonly body: Uint8Array;
}

/** A Databricks error answer: `{ error_code, message }`. */
export function apiError(status: number, errorCode: string, message: string): FakeAnswer {
  return { status, json: { error_code: errorCode, message } };
}

/** `400 INVALID_PARAMETER_VALUE`, the answer to most bad requests. */
export function invalidParameter(message: string): FakeAnswer {
  return apiError(400, 'INVALID_PARAMETER_VALUE', message);
}

/** A 200 with a JSON body. */
export function ok(json: unknown = {}): FakeAnswer {
  return { status: 200, json };
}
