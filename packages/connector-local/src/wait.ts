import {
  assertJobId,
  type CallOptions,
  cappedPollDelay,
  type JobStatus,
  parseWaitForStatusChangeOptions,
  type StatusChange,
  type WaitForStatusChangeOptions,
} from '@neural/integrations-core';
import { JOB_ID, type LocalJobStore } from './job-store.js';
import { RecordWatch } from './record-watch.js';

/**
 * Resolves as soon as the job's status differs from `since`, or `{ changed: false }` after `timeoutMs`: woken
 * by changes to the job's folder (its record is replaced by a rename), and reading the record again after a
 * delay capped at 5% of the time waited (at most 2 s) in case no event comes.
 */
export async function waitForLocalStatusChange(
  jobs: LocalJobStore,
  getJobStatus: (jobId: string, options: CallOptions) => Promise<JobStatus>,
  jobId: string,
  options: WaitForStatusChangeOptions,
): Promise<StatusChange> {
  assertJobId(jobId);
  const { clock, pollIntervalMs, watchFiles } = jobs.settings;
  const { since, timeoutMs, signal } = parseWaitForStatusChangeOptions(options);
  const started = clock.now();
  const deadline = started + timeoutMs;
  const policy = { minIntervalMs: pollIntervalMs, maxIntervalMs: Math.max(pollIntervalMs, 2_000) };
  const watch = new RecordWatch(jobs.jobFolder(jobId), watchFiles && JOB_ID.test(jobId));
  try {
    for (;;) {
      const status = await getJobStatus(jobId, { signal });
      if (status !== since) return Object.freeze({ status, changed: true });
      const now = clock.now();
      if (now >= deadline) return Object.freeze({ status, changed: false });
      await watch.next(Math.min(deadline - now, cappedPollDelay(now - started, policy)), clock, signal);
    }
  } finally {
    watch.close();
  }
}
