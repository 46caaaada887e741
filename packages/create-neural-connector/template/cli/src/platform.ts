/**
 * What the scheduler prints, and what its states mean. This starts as the small scheduler in
 * `test/platform/scheduler.mjs`; rewrite it for yours (`squeue --json`, `qstat -xml`, `bjobs -o json`). Two
 * things real schedulers print that a naive connector gets wrong:
 *
 * - **Local times without a zone.** `sacct` and `qstat` print `2026-11-29T18:00:00`: local time on the
 *   *controller*, which may not be the client's zone, and ambiguous for an hour each autumn. The schema below
 *   refuses a time without an offset rather than guess; for a scheduler that never prints one, convert with
 *   the controller's zone, configured explicitly.
 * - **Job ids reused after a counter wraps.** Grid Engine wraps at 9,999,999 by default and Slurm's
 *   `MaxJobId` is often lowered; after a wrap, `status 17` may describe someone else's new job. Keep the
 *   submit time with the id (the scheduler prints it) and treat a job whose submit time differs as not found.
 */
import { JobStatus, stateMapping } from '@neural/integrations-core';
import { z } from 'zod';

/** When, with its zone: a time without an offset is refused, never guessed. */
const zonedTime = z.iso.datetime({ offset: true, error: 'must be an ISO time with a zone offset' });

/** What `submit` prints: the new job's id. */
export const SubmittedSchema = z.object({ id: z.string().regex(/^\d+$/, 'must be a numeric job id') });

/** One job, as `status` and `list` print it. */
export const JobSchema = z.object({
  id: z.string().regex(/^\d+$/),
  name: z.string().optional(),
  state: z.string().min(1),
  exitCode: z.number().int().nullish(),
  submittedAt: zonedTime,
  startedAt: zonedTime.nullish(),
  endedAt: zonedTime.nullish(),
});

/** One job as the scheduler prints it. */
export type SchedulerJob = z.infer<typeof JobSchema>;

/** What `list` prints. */
export const JobListSchema = z.array(JobSchema);

/** What `cancel` prints. */
export const CancelledSchema = z.object({ cancelled: z.boolean() });

/**
 * The scheduler's states onto the contract's statuses. Anything missing maps to `unknown`, never a guess.
 * Real schedulers have more: Slurm's `REQUEUED` and `PREEMPTED` are pending again, not ended.
 */
export const SCHEDULER_STATE_TO_STATUS: Readonly<Record<string, JobStatus>> = Object.freeze({
  PENDING: JobStatus.PENDING,
  RUNNING: JobStatus.RUNNING,
  COMPLETED: JobStatus.SUCCEEDED,
  FAILED: JobStatus.FAILED,
  CANCELLED: JobStatus.CANCELLED,
});

/** The status a scheduler state means: `unknown` for a state the table does not list (core's lookup). */
export const mapSchedulerState: (state: string) => JobStatus =
  stateMapping(SCHEDULER_STATE_TO_STATUS).statusOf;
