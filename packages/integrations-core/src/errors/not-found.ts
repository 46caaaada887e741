import { CloudException, type CloudExceptionOptions } from './cloud-exception.js';
import { hasMarker, marker } from './marker.js';

const jobNotFoundMarker = marker('JobNotFoundError');

/** No job with this id exists on the platform. Thrown by every method that takes a job id. */
export class JobNotFoundError extends CloudException {
  protected readonly [jobNotFoundMarker] = true;
  /** The id that was not found. */
  declare readonly jobId: string;
  constructor(jobId: string, options: Omit<CloudExceptionOptions, 'jobId'> = {}) {
    super(`Job not found: ${jobId}`, { code: 'JOB_NOT_FOUND', ...options, jobId, retryable: false });
  }
  /** Whether `value` is a `JobNotFoundError` from any copy of this package. */
  static override isInstance(value: unknown): value is JobNotFoundError {
    return hasMarker(value, jobNotFoundMarker);
  }
}
