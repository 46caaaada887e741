import {
  type CallOptions,
  isTerminalStatus,
  JobResult,
  JobStatus,
  type JobSummary,
  type ListJobsOptions,
} from '@neural/integrations-core';
import { ReferenceConnector } from '../support/reference-connector.js';

/** Passes the platform's raw "queued" through instead of mapping it to PENDING. */
export class RawStateConnector extends ReferenceConnector {
  protected override minimumPhaseMs = { queueMs: 200 };
  override async getJobStatus(jobId: string, options?: CallOptions): Promise<JobStatus> {
    const status = await super.getJobStatus(jobId, options);
    return status === JobStatus.PENDING ? ('queued' as JobStatus) : status;
  }
}

/**
 * Its list reads the platform's "finishing up" phase (the last 150 ms of a run) as SUCCEEDED, while
 * getJobStatus still says RUNNING: read alternately, the job goes succeeded → running.
 */
export class ListsFinishingAsSucceededConnector extends ReferenceConnector {
  protected override minimumPhaseMs = { durationMs: 250 };
  override async listJobs(options: ListJobsOptions = {}): Promise<JobSummary[]> {
    const listed = await super.listJobs(options);
    const now = this.platform.clock.now();
    return listed.map((summary) => {
      const job = this.platform.jobs.get(summary.id);
      if (!job || job.forever || summary.status !== JobStatus.RUNNING) return summary;
      const endsAt = job.createdAt + job.queueMs + job.durationMs;
      return endsAt - now < 150 ? { ...summary, status: JobStatus.SUCCEEDED } : summary;
    });
  }
}

/** A failed job is re-run behind the caller's back: from its third terminal read on, it says SUCCEEDED. */
export class TerminalChangesConnector extends ReferenceConnector {
  readonly #terminalReads = new Map<string, number>();
  override async getJobStatus(jobId: string, options?: CallOptions): Promise<JobStatus> {
    const status = await super.getJobStatus(jobId, options);
    if (status !== JobStatus.FAILED) return status;
    const reads = (this.#terminalReads.get(jobId) ?? 0) + 1;
    this.#terminalReads.set(jobId, reads);
    return reads >= 3 ? JobStatus.SUCCEEDED : status;
  }
}

/** Forgets to carry the failure reason into the result. */
export class FailureWithoutErrorConnector extends ReferenceConnector {
  override async getJobResult(jobId: string, options?: CallOptions): Promise<JobResult> {
    const result = await super.getJobResult(jobId, options);
    const { error: _dropped, ...rest } = result.toJSON();
    return new JobResult(rest);
  }
}

/** Rewrites a finished job as cancelled, and says it stopped it. */
export class CancelRewritesFinishedConnector extends ReferenceConnector {
  override async cancelJob(jobId: string, options?: CallOptions): Promise<boolean> {
    await this.enter(options?.signal);
    this.find(jobId).cancelledAt = this.platform.clock.now();
    return true;
  }
}

/**
 * Maps the platform's requeue as the Slurm connector once did: FAILED at first, then PENDING. "At first" is the
 * first read after the requeue, not a span of time, so no machine is too slow to see it.
 */
export class RequeueReadsFailedConnector extends ReferenceConnector {
  readonly #requeueReported = new Set<string>();
  override async getJobStatus(jobId: string, options?: CallOptions): Promise<JobStatus> {
    const status = await super.getJobStatus(jobId, options);
    const { requeuedAt } = this.find(jobId);
    if (requeuedAt === undefined || isTerminalStatus(status)) return status;
    const report = `${jobId}@${requeuedAt}`;
    if (this.#requeueReported.has(report)) return status;
    this.#requeueReported.add(report);
    return JobStatus.FAILED;
  }
}
