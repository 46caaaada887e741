import { type CallOptions, JobResult } from '@neural/integrations-core';
import { ReferenceConnector } from '../support/reference-connector.js';

/** Reports the platform's milliseconds as seconds. */
export class DurationInMillisecondsConnector extends ReferenceConnector {
  override async getJobResult(jobId: string, options?: CallOptions): Promise<JobResult> {
    const result = await super.getJobResult(jobId, options);
    const { durationSeconds, ...rest } = result.toJSON();
    return new JobResult({
      ...rest,
      ...(durationSeconds !== undefined ? { durationSeconds: durationSeconds * 1000 } : {}),
    });
  }
}
