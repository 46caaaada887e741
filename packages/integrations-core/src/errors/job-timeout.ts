import { CloudException, type CloudExceptionOptions } from './cloud-exception.js';
import { hasMarker, marker } from './marker.js';

const jobTimeoutMarker = marker('JobTimeoutError');

/** A job did not reach a terminal status within the time allowed. */
export class JobTimeoutError extends CloudException {
  protected readonly [jobTimeoutMarker] = true;
  /** The job that timed out. */
  declare readonly jobId: string;
  /** The last status seen before giving up. */
  readonly lastStatus: string | undefined;
  /** Whether the job was cancelled because of the timeout. */
  readonly cancelled: boolean;
  constructor(
    jobId: string,
    timeoutMs: number,
    options: Omit<CloudExceptionOptions, 'jobId'> & { lastStatus?: string; cancelled?: boolean } = {},
  ) {
    const { lastStatus, cancelled, ...rest } = options;
    super(
      `Job ${jobId} did not finish within ${timeoutMs} ms (last status: ${lastStatus ?? 'none'}${
        cancelled ? '; the job was cancelled' : ''
      })`,
      { code: 'JOB_TIMEOUT', ...rest, jobId, retryable: false },
    );
    this.lastStatus = lastStatus;
    this.cancelled = cancelled ?? false;
  }
  /** Whether `value` is a `JobTimeoutError` from any copy of this package. */
  static override isInstance(value: unknown): value is JobTimeoutError {
    return hasMarker(value, jobTimeoutMarker);
  }
}
