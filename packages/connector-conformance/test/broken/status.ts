import { type CallOptions, JobResult, JobStatus } from '@neural/integrations-core';
import { ReferenceConnector } from '../support/reference-connector.js';

/** Passes the platform's raw "queued" through instead of mapping it to PENDING. */
export class RawStateConnector extends ReferenceConnector {
  protected override minimumPhaseMs = { queueMs: 200 };
  override async getJobStatus(jobId: string, options?: CallOptions): Promise<JobStatus> {
    const status = await super.getJobStatus(jobId, options);
    return status === JobStatus.PENDING ? ('queued' as JobStatus) : status;
  }
}

/** A running job flickers back to PENDING on every other read (a stale replica answering). */
export class FlickeringStatusConnector extends ReferenceConnector {
  #reads = 0;
  protected override minimumPhaseMs = { durationMs: 200 };
  override async getJobStatus(jobId: string, options?: CallOptions): Promise<JobStatus> {
    const status = await super.getJobStatus(jobId, options);
    this.#reads += 1;
    return status === JobStatus.RUNNING && this.#reads % 2 === 0 ? JobStatus.PENDING : status;
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
