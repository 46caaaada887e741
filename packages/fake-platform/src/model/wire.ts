import type { JsonValue } from '@neural/integrations-core';
import type { FaultKind } from '../options.js';
import type { JobState } from './job-states.js';

/** A job as every job route returns it. */
export interface JobJson {
  /** `job_` and a ULID: time-ordered, drawn from the seeded PRNG. */
  id: string;
  /** The name given at submit, or null. */
  name: string | null;
  /** The state now, computed from the platform clock. */
  state: JobState;
  /** When it was submitted (ISO). */
  createdAt: string;
  /** When it began RUNNING (ISO), or null (never, for a job cancelled before). */
  startedAt: string | null;
  /** When it reached a terminal state (ISO), or null. */
  finishedAt: string | null;
  /** The ResourceConfig JSON given at submit (`{}` when none). */
  resources: Record<string, JsonValue>;
}

/** `GET /v1/jobs/{id}/result`. */
export interface JobResultJson {
  /** The job's id. */
  jobId: string;
  /** Its state now; the other fields are filled once it is terminal. */
  state: JobState;
  /** What it printed (`output=` directive, or its `print` literals). */
  output?: string;
  /** Why it failed. */
  error?: string;
  /** `metrics=` of a completed job. */
  metrics: Record<string, JsonValue>;
  /** `artifacts=` of a completed job. */
  artifacts: string[];
  /** Where its log is served. */
  logsUrl?: string;
  /** Seconds from RUNNING to its end. */
  durationSeconds?: number;
}

/** One event of the NDJSON log stream. */
export type LogEvent = { type: 'log'; offset: number; content: string } | { type: 'end'; state: JobState };

/** A stored file. */
export interface StoredFile {
  /** The normalised relative path. */
  path: string;
  /** Size in bytes. */
  size: number;
  /** Hex SHA-256 of the bytes. */
  sha256: string;
  /** The bytes as they arrived, chunk by chunk (served back the same way). */
  chunks: readonly Uint8Array[];
}

/** A deployed model endpoint. */
export interface EndpointJson {
  /** The endpoint's name (lower-case letters, digits, dashes). */
  name: string;
  /** Where it would be served: `<baseUrl>/endpoints/<name>`. */
  url: string;
  /** The model it serves. */
  modelPath: string;
  /** Always `ready`: the fake deploys at once. */
  status: 'ready';
  /** The ResourceConfig JSON given at deploy. */
  resources?: Record<string, JsonValue>;
}

/** A request the platform received, with secrets redacted. */
export interface RecordedRequest {
  /** 1, 2, … in arrival order. */
  seq: number;
  /** Arrival time on the platform clock (ISO). */
  at: string;
  /** The HTTP method. */
  method: string;
  /** Path and query, with secret-looking query parameters redacted. */
  path: string;
  /** Header names lower-cased; `authorization`, API keys, cookies and the like are `[REDACTED]`. */
  headers: Record<string, string>;
  /** The OpenAPI `operationId` of the route, when one matched. */
  operationId?: string;
  /** The status answered; absent while in flight or when the connection was dropped. */
  status?: number;
  /** The fault injected into this request, if any. */
  fault?: FaultKind;
}

/** An instant on the platform clock as the wire shows it. */
export const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * What the platform reads from a request: a fetch `Request` is one; the standalone server builds a lighter
 * one straight from the socket (no `Request`, `Headers` or signal to construct per request).
 */
export interface PlatformRequest {
  /** The absolute URL. */
  readonly url: string;
  /** The HTTP method, upper case. */
  readonly method: string;
  /** The request headers (names case-insensitive). */
  readonly headers: {
    get(name: string): string | null;
    forEach(callback: (value: string, name: string) => void): void;
  };
  /** The body, or `null` when there is none. */
  readonly body: ReadableStream<Uint8Array> | null;
  /** The whole body as text (empty when there is none). */
  text(): Promise<string>;
}
