import { canonicalJson } from './canonical-json.js';
import type { ParsedSubmitJobRequest } from './connector/requests.js';
import type { JobResultInput } from './job-result.js';
import type { JobStatus } from './job-status.js';
import type { JsonValue } from './json.js';
import { methodsValue } from './option-value-schemas.js';
import { sha256Hex } from './sha256.js';

/**
 * What a journal keeps of a submit request: everything but the environment's values, which may hold secrets
 * (only the variable names are kept).
 */
export interface JournalRequest {
  /** The job's code. */
  readonly code: string;
  /** The job's name, when it had one. */
  readonly jobName?: string | undefined;
  /** The names of its environment variables (never their values). */
  readonly environmentNames: readonly string[];
  /** Its requirement strings. */
  readonly dependencies: readonly string[];
  /** Its resources, as `ResourceConfig.toJSON()`. */
  readonly resourceConfig?: JsonValue | undefined;
}

/**
 * One line of a job journal. A submit is recorded as `intent` BEFORE the request is sent and as `submitted`
 * when the id comes back, so a crash between the two is visible: the job may or may not exist, and only an
 * idempotent resubmit with the same key can settle it. `batch` ties a batch's generated keys to its jobs.
 */
export type JournalRecord =
  | {
      readonly type: 'batch';
      readonly batchId: string;
      readonly jobsHash: string;
      readonly size: number;
      readonly at: number;
    }
  | {
      readonly type: 'intent';
      readonly key: string;
      readonly fingerprint: string;
      readonly request: JournalRequest;
      readonly at: number;
    }
  | { readonly type: 'submitted'; readonly key: string; readonly jobId: string; readonly at: number }
  | { readonly type: 'status'; readonly jobId: string; readonly status: JobStatus; readonly at: number }
  | { readonly type: 'result'; readonly jobId: string; readonly result: JobResultInput; readonly at: number }
  | {
      readonly type: 'failed';
      readonly key: string;
      readonly code: string;
      readonly message: string;
      readonly at: number;
    };

/** Everything a journal knows about one submit, folded from its records by {@link foldJournal}. */
export interface JournalEntry {
  /** The submit's idempotency key. */
  readonly key: string;
  /** A hash of the recorded request, to notice a job that changed between runs. */
  readonly fingerprint: string;
  /** The request as recorded (environment values left out). */
  readonly request: JournalRequest;
  /** The job's id, once the platform returned it. */
  readonly jobId: string | undefined;
  /** The last status seen. */
  readonly status: JobStatus | undefined;
  /** The result, once fetched. */
  readonly result: JobResultInput | undefined;
  /** Why the last submit attempt failed, when it did and no id came back after. */
  readonly failure: { readonly code: string; readonly message: string } | undefined;
}

/**
 * Durable job records: the answer to duplicate jobs after a crash and to job state lost after a restart.
 * `FileJobJournal` (from `@neural/integrations-core/node`) is the default and {@link MemoryJobJournal} the
 * in-memory one; implement this interface to keep records elsewhere (a database). `write` must not resolve before the record would survive
 * a crash, and `read` must return every record whose `write` resolved, in order.
 */
export interface JobJournal {
  /** Appends one record; resolves once it is durable. */
  write(record: JournalRecord): Promise<void>;
  /** Every record written so far, in order. */
  read(): Promise<readonly JournalRecord[]>;
}

/** Folds journal records into one entry per idempotency key, in the order the keys were first recorded. */
export function foldJournal(records: readonly JournalRecord[]): Map<string, JournalEntry> {
  const entries = new Map<string, JournalEntry>();
  const keyOfJob = new Map<string, string>();
  const update = (key: string | undefined, change: Partial<JournalEntry>) => {
    const current = key === undefined ? undefined : entries.get(key);
    if (current) entries.set(current.key, { ...current, ...change });
  };
  for (const record of records) {
    switch (record.type) {
      case 'intent':
        // A resubmit writes its intent again; the first one stays the reference.
        if (!entries.has(record.key)) {
          entries.set(record.key, {
            key: record.key,
            fingerprint: record.fingerprint,
            request: record.request,
            jobId: undefined,
            status: undefined,
            result: undefined,
            failure: undefined,
          });
        }
        break;
      case 'submitted':
        keyOfJob.set(record.jobId, record.key);
        update(record.key, { jobId: record.jobId, failure: undefined });
        break;
      case 'status':
        update(keyOfJob.get(record.jobId), { status: record.status });
        break;
      case 'result':
        update(keyOfJob.get(record.jobId), { result: record.result, status: record.result.status });
        break;
      case 'failed':
        if (entries.get(record.key)?.jobId === undefined) {
          update(record.key, { failure: { code: record.code, message: record.message } });
        }
        break;
      case 'batch':
        break;
    }
  }
  return entries;
}

/** The part of a validated request a journal keeps: environment values are left out (they may be secrets). */
export function journalRequest(request: ParsedSubmitJobRequest): JournalRequest {
  return {
    code: request.code,
    ...(request.jobName === undefined ? {} : { jobName: request.jobName }),
    environmentNames: Object.keys(request.environment).sort(),
    dependencies: [...request.dependencies],
    resourceConfig: request.resourceConfig.toJSON() as JsonValue,
  };
}

/**
 * A stable hash of the recorded part of a request. Environment values are deliberately not hashed: an
 * unsalted hash of a short secret written to disk can be reversed by guessing.
 */
export function fingerprintRequest(request: JournalRequest): string {
  return sha256Hex(canonicalJson(request));
}

/** A {@link JobJournal} given as an option: `read()` and `write()`. @internal */
export const journalValue = methodsValue<JobJournal>(
  ['read', 'write'],
  'must be a JobJournal (with read() and write())',
);
