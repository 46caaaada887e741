/**
 * Look before you resubmit: Slurm has no idempotency keys, so a keyed submit tags its job with the key and
 * looks the key up among the user's jobs before its first attempt (another process, or an earlier run, may
 * have submitted it) and again after any attempt that may have reached slurmrestd. A job already carrying it
 * is the answer, so a submit whose answer was lost is retried without making a second job.
 */
import { logRetries, withRetry } from '@neural/integrations-core';
import { isNotSent } from '@neural/integrations-core/http';
import { keyFromTag } from '../idempotency-tag.js';
import type { SlurmContext } from './context.js';
import { listSlurmJobs } from './slurm-jobs.js';

/** Sends one submit attempt; resolves the new job's id. */
export type SubmitOnce = (signal: AbortSignal | undefined) => Promise<string>;

/**
 * One connector's keyed submits, one per key at a time, so this process never looks up and submits one key
 * twice at once. Two processes submitting the same key at the same instant can still both create a job.
 */
export class KeyedSubmits {
  /** The submit in progress per idempotency key. */
  readonly #inProgress = new Map<string, Promise<string>>();
  readonly #context: SlurmContext;

  constructor(context: SlurmContext) {
    this.#context = context;
  }

  /**
   * Submits with `key`, after any submit of the same key this connector has in progress has settled:
   * the job tagged with `key`, if Slurm has one, else a new one from `submitOnce`.
   */
  submit(key: string, submitOnce: SubmitOnce, signal: AbortSignal | undefined): Promise<string> {
    return this.#onePerKey(key, () => lookThenSubmit(this.#context, key, submitOnce, signal));
  }

  /** Runs `submit` after any submit of the same key this connector has in progress has settled. */
  async #onePerKey(key: string, submit: () => Promise<string>): Promise<string> {
    const previous = this.#inProgress.get(key);
    const current = (previous ?? Promise.resolve('')).catch(() => '').then(submit);
    this.#inProgress.set(key, current);
    try {
      return await current;
    } finally {
      if (this.#inProgress.get(key) === current) this.#inProgress.delete(key);
    }
  }
}

/**
 * Looks, then submits, retried by the connector's policy. The lookup runs before the first attempt, and before
 * every attempt once one may have reached slurmrestd: that attempt may still create its job after a later
 * lookup missed it (a request still in flight), so a later attempt that was never sent does not make the next
 * one safe to send blind. Only while every attempt so far provably never left (`isNotSent`) does a retry skip
 * the listing of every job, which slurmrestd v0.0.38 cannot filter by comment. A lookup that failed is made
 * again.
 */
function lookThenSubmit(
  context: SlurmContext,
  key: string,
  submitOnce: SubmitOnce,
  signal: AbortSignal | undefined,
): Promise<string> {
  const { retry, logger } = context;
  let looked = false;
  let oneMayHaveArrived = false;
  return withRetry(
    async (attempt) => {
      if (!looked || oneMayHaveArrived) {
        const existing = await findJobByKey(context, key, attempt.signal);
        if (existing !== undefined) {
          if (attempt.attempt > 1) {
            logger.info('a lost submit had reached Slurm: its job was found by its key', {
              jobId: existing,
            });
          }
          return existing;
        }
        looked = true;
      }
      try {
        return await submitOnce(attempt.signal);
      } catch (error) {
        if (!isNotSent(error)) oneMayHaveArrived = true;
        throw error;
      }
    },
    {
      ...retry,
      clock: context.clock,
      signal,
      onRetry: logRetries(logger, 'keyed submit failed, retrying', {}, retry.onRetry, { level: 'warn' }),
    },
  );
}

/** The id of this user's oldest job tagged with `key`, or `undefined`. */
async function findJobByKey(
  context: SlurmContext,
  key: string,
  signal: AbortSignal | undefined,
): Promise<string | undefined> {
  const jobs = await listSlurmJobs(context, 'submitJob', signal);
  const tagged = jobs
    .filter((job) => job.userName === context.user && keyFromTag(job.comment) === key)
    .sort((a, b) => Number(a.id) - Number(b.id));
  return tagged[0]?.id;
}
