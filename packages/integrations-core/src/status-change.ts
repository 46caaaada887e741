import { z } from 'zod';
import { type Clock, systemClock } from './clock.js';
import type { CallOptions } from './connector/call-options.js';
import { throwIfAborted } from './errors.js';
import { JobStatusSchema } from './job-result.js';
import type { JobStatus } from './job-status.js';
import { boundedNumber, clockValue, signalValue } from './option-value-schemas.js';
import { type OptionFields, strictOptions } from './strict-options.js';
import { parseOptionsOrThrow, parseOrThrow } from './validation.js';

/** What `waitForStatusChange` takes. */
export interface WaitForStatusChangeOptions extends CallOptions {
  /** The status the caller last saw: the call resolves as soon as the job's status differs from it. */
  since: JobStatus;
  /** Resolve after this many milliseconds even if nothing changed (0 means "look once"). At most one day. */
  timeoutMs: number;
}

/** What `waitForStatusChange` resolves to. */
export interface StatusChange {
  /** The job's status when the call resolved. */
  readonly status: JobStatus;
  /** Whether `status` differs from `since`; `false` means the timeout passed first and `status` is `since`. */
  readonly changed: boolean;
}

/** The longest `timeoutMs` a `waitForStatusChange` call accepts: one day. */
export const MAX_STATUS_WAIT_MS = 86_400_000;

/** The zod schema of {@link WaitForStatusChangeOptions}. */
export const WaitForStatusChangeOptionsSchema = z.strictObject({
  since: JobStatusSchema,
  timeoutMs: z
    .number({ error: 'must be a number of milliseconds' })
    .min(0, 'must not be negative')
    .max(MAX_STATUS_WAIT_MS, `must be at most ${MAX_STATUS_WAIT_MS} (one day)`),
  signal: signalValue.optional(),
});

/**
 * Validates `waitForStatusChange` options (`since` a job status, `timeoutMs` from 0 to one day): throws
 * `InvalidParameterError` naming the field before anything is sent.
 */
export function parseWaitForStatusChangeOptions(
  options: WaitForStatusChangeOptions,
): Readonly<WaitForStatusChangeOptions> {
  return Object.freeze(
    parseOrThrow(WaitForStatusChangeOptionsSchema, options, 'waitForStatusChange options'),
  );
}

/** The settings of the capped delay between two status reads. */
export interface PollDelayPolicy {
  /** The shortest delay, and the lateness always allowed. */
  readonly minIntervalMs: number;
  /** The longest delay, whatever the time waited. */
  readonly maxIntervalMs: number;
  /** The share of the time waited so far that one delay may reach. Default 0.05. */
  readonly latenessRatio?: number | undefined;
}

/**
 * The delay before the next status read, so that an end is noticed within `latenessRatio` (5%) of the time
 * waited so far, or one `minIntervalMs`, whichever is more: `clamp(waitedMs × ratio, min, max)`. A backoff
 * that keeps growing (×1.5 each read) is what made a 5-second job be seen 3.2 s late.
 *
 * @example
 * ```ts
 * cappedPollDelay(60_000, { minIntervalMs: 500, maxIntervalMs: 30_000 }); // 3000: 5% of a minute
 * ```
 */
export function cappedPollDelay(waitedMs: number, policy: PollDelayPolicy): number {
  const ratio = policy.latenessRatio ?? 0.05;
  const share = Math.max(0, waitedMs) * ratio;
  return Math.min(policy.maxIntervalMs, Math.max(policy.minIntervalMs, share));
}

/** What {@link pollForStatusChange} needs besides the `waitForStatusChange` options. */
export interface PollForStatusChangeOptions extends WaitForStatusChangeOptions {
  /** Where time is read and waited on. Default {@link systemClock}. */
  clock?: Clock | undefined;
  /** The shortest delay between reads. Default 1 000 ms. */
  minIntervalMs?: number | undefined;
  /** The longest delay between reads. Default 30 000 ms. */
  maxIntervalMs?: number | undefined;
}

const PollForStatusChangeOptionsSchema = strictOptions({
  ...WaitForStatusChangeOptionsSchema.shape,
  clock: clockValue.optional(),
  minIntervalMs: boundedNumber({ min: 1 }).optional(),
  maxIntervalMs: boundedNumber({ min: 1 }).optional(),
} satisfies OptionFields<PollForStatusChangeOptions>);

/**
 * `waitForStatusChange` for a platform that cannot push: reads the status with {@link cappedPollDelay}
 * between reads, so the change is noticed within 5% of the time waited (or one interval), and resolves
 * `{ changed: false }` once `timeoutMs` has passed. What `SlurmConnector` uses, and `LocalConnector` where
 * file watching is unreliable.
 *
 * @example
 * ```ts
 * const change = await pollForStatusChange((signal) => connector.getJobStatus(jobId, { signal }), {
 *   since: 'running',
 *   timeoutMs: 60_000,
 *   minIntervalMs: 500,
 * });
 * ```
 */
export async function pollForStatusChange(
  readStatus: (signal: AbortSignal | undefined) => Promise<JobStatus>,
  options: PollForStatusChangeOptions,
): Promise<StatusChange> {
  const {
    clock = systemClock,
    minIntervalMs,
    maxIntervalMs,
    since,
    timeoutMs,
    signal,
  } = parseOptionsOrThrow(PollForStatusChangeOptionsSchema, options, 'pollForStatusChange options');
  const policy = {
    minIntervalMs: minIntervalMs ?? 1_000,
    maxIntervalMs: Math.max(minIntervalMs ?? 1_000, maxIntervalMs ?? 30_000),
  };
  const started = clock.now();
  const deadline = started + timeoutMs;
  for (;;) {
    throwIfAborted(signal);
    const status = await readStatus(signal);
    if (status !== since) return Object.freeze({ status, changed: true });
    const now = clock.now();
    if (now >= deadline) return Object.freeze({ status, changed: false });
    await clock.sleep(Math.min(deadline - now, cappedPollDelay(now - started, policy)), signal);
  }
}
