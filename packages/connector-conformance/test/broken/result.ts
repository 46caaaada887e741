import {
  type CallOptions,
  type FollowLogsOptions,
  isTerminalStatus,
  JobResult,
  JobStatus,
} from '@neural/integrations-core';
import { ReferenceConnector } from '../support/reference-connector.js';

/** Computes the duration as end minus start without a floor: a job cancelled before it started goes negative. */
export class NegativeDurationWhenCancelledEarlyConnector extends ReferenceConnector {
  // Queued long enough that a cancel right after submit lands before the start, however loaded the machine.
  protected override minimumPhaseMs = { queueMs: 200 };
  override async getJobResult(jobId: string, options?: CallOptions): Promise<JobResult> {
    const result = await super.getJobResult(jobId, options);
    const job = this.find(jobId);
    if (result.status !== JobStatus.CANCELLED || job.cancelledAt === undefined) return result;
    const durationSeconds = (job.cancelledAt - (job.createdAt + job.queueMs)) / 1000;
    // A plain object: core's JobResult would refuse the negative duration this connector computes.
    return { ...result.toJSON(), durationSeconds } as unknown as JobResult;
  }
}

/**
 * Treats a trailing `-<number>` in a job name as a retry counter and caches outputs by the rest of the name:
 * two jobs running at once under names that differ only there share one output.
 */
export class CrossesOutputsByNameConnector extends ReferenceConnector {
  readonly #outputs = new Map<string, string>();
  override async getJobResult(jobId: string, options?: CallOptions): Promise<JobResult> {
    const result = await super.getJobResult(jobId, options);
    const name = this.find(jobId).name;
    if (result.status !== JobStatus.SUCCEEDED || name === undefined) return result;
    const key = name.replace(/-\d+$/, '');
    const cached = this.#outputs.get(key);
    if (cached === undefined) {
      this.#outputs.set(key, result.output ?? '');
      return result;
    }
    return new JobResult({ ...result.toJSON(), output: cached });
  }
}

/** Reads the job's output with a line reader and keeps the first line: multi-line output loses its tail. */
export class KeepsFirstLineOfOutputConnector extends ReferenceConnector {
  override async getJobResult(jobId: string, options?: CallOptions): Promise<JobResult> {
    const result = await super.getJobResult(jobId, options);
    if (result.output === undefined) return result;
    return new JobResult({ ...result.toJSON(), output: result.output.split('\n')[0] ?? '' });
  }
}

/** Stops as soon as it sees a terminal status, without reading the logs once more: the last lines are lost. */
export class FollowMissesLastLinesConnector extends ReferenceConnector {
  override async *followLogs(jobId: string, options: FollowLogsOptions = {}): AsyncIterable<string> {
    let offset = this.followOffset(options);
    for (;;) {
      const status = await this.getJobStatus(jobId, options);
      if (isTerminalStatus(status)) return;
      const logs = await this.getLogs(jobId, options);
      if (logs.length > offset) {
        yield logs.slice(offset);
        offset = logs.length;
      }
      await this.platform.clock.sleep(2, options.signal);
    }
  }
}
