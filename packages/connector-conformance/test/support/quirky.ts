import {
  AuthenticationError,
  type CallOptions,
  isTerminalStatus,
  JobStatus,
} from '@neural/integrations-core';
import {
  type InMemoryPlatform,
  ReferenceConnector,
  type ReferenceCredentials,
} from './reference-connector.js';

/**
 * Correct, like a Slurm connector whose job has left the queue but not yet reached accounting: for 30 ms after a
 * job ends, every other status read says UNKNOWN ("ask again").
 */
export class UnknownRightAfterEndConnector extends ReferenceConnector {
  #reads = 0;
  override async getJobStatus(jobId: string, options?: CallOptions): Promise<JobStatus> {
    const status = await super.getJobStatus(jobId, options);
    const job = this.find(jobId);
    const endedAt = job.cancelledAt ?? job.createdAt + job.queueMs + job.durationMs;
    const justEnded = isTerminalStatus(status) && this.platform.clock.now() - endedAt < 30;
    this.#reads += 1;
    return justEnded && this.#reads % 2 === 0 ? JobStatus.UNKNOWN : status;
  }
}

/**
 * Correct, like a Kubernetes connector whose pod phase reaches the API server a moment after the container
 * started printing: once a job runs, its status still reads PENDING until its logs (already showing its
 * output) have been read and its status once more, or for three reads when nobody reads its logs. So a
 * reader sees the output in one round of reads that say pending, and the next says running.
 */
export class LaggingStatusConnector extends ReferenceConnector {
  readonly #lag = new Map<string, { reads: number; outputSeen: boolean }>();

  #lagOf(jobId: string) {
    let lag = this.#lag.get(jobId);
    if (!lag) {
      lag = { reads: 0, outputSeen: false };
      this.#lag.set(jobId, lag);
    }
    return lag;
  }

  override async getJobStatus(jobId: string, options?: CallOptions): Promise<JobStatus> {
    const status = await super.getJobStatus(jobId, options);
    if (status !== JobStatus.RUNNING) return status;
    const lag = this.#lagOf(jobId);
    if (lag.reads === Number.POSITIVE_INFINITY) return status;
    lag.reads += 1;
    if (lag.outputSeen || lag.reads >= 3) lag.reads = Number.POSITIVE_INFINITY;
    return JobStatus.PENDING;
  }

  override async getLogs(jobId: string, options: CallOptions = {}): Promise<string> {
    const logs = await super.getLogs(jobId, options);
    const job = this.find(jobId);
    if (this.platform.statusOf(job) !== JobStatus.RUNNING || !job.output) return logs;
    this.#lagOf(jobId).outputSeen = true;
    return `${logs}${job.output}\n`;
  }
}

/** Makes a ReferenceConnector, or refuses bad credentials in the constructor, as some SDK clients do. */
export function refusingCreate(credentials: ReferenceCredentials, platform: InMemoryPlatform) {
  if (credentials.apiKey !== platform.apiKey)
    throw new AuthenticationError('The platform refused the API key');
  return new ReferenceConnector(credentials, platform);
}
