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

/** Makes a ReferenceConnector, or refuses bad credentials in the constructor, as some SDK clients do. */
export function refusingCreate(credentials: ReferenceCredentials, platform: InMemoryPlatform) {
  if (credentials.apiKey !== platform.apiKey)
    throw new AuthenticationError('The platform refused the API key');
  return new ReferenceConnector(credentials, platform);
}
