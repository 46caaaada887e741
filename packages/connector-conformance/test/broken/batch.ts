import { parseSubmitJobRequest, type SubmitJobRequest } from '@neural/integrations-core';
import { ReferenceConnector } from '../support/reference-connector.js';

/**
 * Every fifth submit is stored twice, as by a connector that retries a create whose answer was lost without
 * sending its idempotency key: the caller gets one id, the platform holds an orphan beside it.
 */
export class MakesEveryFifthJobTwiceConnector extends ReferenceConnector {
  #submits = 0;
  override async submitJob(request: SubmitJobRequest): Promise<string> {
    const jobId = await super.submitJob(request);
    if (++this.#submits % 5 === 0) {
      const parsed = parseSubmitJobRequest(request);
      this.store(parsed.code, parsed.jobName, undefined, undefined, parsed.environment);
    }
    return jobId;
  }
}

/**
 * Every tenth submit answers with an id it made up without creating the job, as by a connector that reads the
 * id from a response that was in fact an error: the caller holds an id the platform never heard of.
 */
export class LosesEveryTenthJobConnector extends ReferenceConnector {
  #submits = 0;
  override async submitJob(request: SubmitJobRequest): Promise<string> {
    if (++this.#submits % 10 === 0) {
      parseSubmitJobRequest(request);
      return `job-lost-${this.#submits}`;
    }
    return super.submitJob(request);
  }
}
