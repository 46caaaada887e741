import { type CallOptions, JobResult, JobStatus } from '@neural/integrations-core';
import { ReferenceConnector } from '../support/reference-connector.js';

/** A connector broken in `getLogs()` alone: its `followLogs` streams the platform's log, so no follow clause sees it. */
abstract class BrokenGetLogsConnector extends ReferenceConnector {
  protected override followedLogs(jobId: string, options: CallOptions): Promise<string> {
    return super.getLogs(jobId, options);
  }
}

/**
 * Pages a running job's log with a cursor it forgets between pages, so the second page starts from the top
 * again: while the job runs, every line comes back twice (once finished, the log fits one page).
 */
export class RereadsLogPageWhileRunningConnector extends BrokenGetLogsConnector {
  // Runs until its status has been read six times while running: the clause's read loop reads it three times
  // a round (before, inside this getLogs, after), so one whole round falls inside the running phase.
  protected override heldPhase = { phase: 'running', reads: 6, backstopMs: 2_000 } as const;

  override async getLogs(jobId: string, options: CallOptions = {}): Promise<string> {
    const logs = await super.getLogs(jobId, options);
    const status = await this.getJobStatus(jobId, options);
    return status === JobStatus.RUNNING ? logs + logs : logs;
  }
}

/**
 * Reads a job's logs from a file named after the job, which an earlier run of the same code left behind: a
 * job still queued already shows that run's output.
 */
export class ShowsOutputBeforeStartConnector extends BrokenGetLogsConnector {
  // Queued until its status has been read five times: the clause reads its logs in two rounds (before and
  // after each), and judges a round only when the next one still begins pending.
  protected override heldPhase = { phase: 'pending', reads: 5, backstopMs: 2_000 } as const;

  override async getLogs(jobId: string, options: CallOptions = {}): Promise<string> {
    const logs = await super.getLogs(jobId, options);
    const job = this.find(jobId);
    return this.platform.statusOf(job) === JobStatus.PENDING ? `${job.output}\n` : logs;
  }
}

/**
 * Fills a result's `output` from the platform's output record, which it does not clear when a job is
 * resubmitted: a job still queued already shows the output of the run before it.
 */
export class ResultShowsOutputBeforeStartConnector extends ReferenceConnector {
  // Queued until its status has been read five times: the clause reads its logs in two rounds (before and
  // after each), and judges a round only when the next one still begins pending.
  protected override heldPhase = { phase: 'pending', reads: 5, backstopMs: 2_000 } as const;

  override async getJobResult(jobId: string, options: CallOptions = {}): Promise<JobResult> {
    const result = await super.getJobResult(jobId, options);
    if (result.status !== JobStatus.PENDING) return result;
    return new JobResult({ ...result.toJSON(), output: this.find(jobId).output });
  }
}
