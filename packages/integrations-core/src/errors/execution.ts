import { CloudException, type CloudExceptionOptions } from './cloud-exception.js';
import { hasMarker, marker } from './marker.js';

const executionMarker = marker('CloudExecutionError');

/** The platform understood the request and refused or failed to carry it out. Not retryable by default. */
export class CloudExecutionError extends CloudException {
  protected readonly [executionMarker] = true;
  constructor(message: string, options: CloudExceptionOptions = {}) {
    super(message, { code: 'EXECUTION_FAILED', ...options });
  }
  /** Whether `value` is a `CloudExecutionError` from any copy of this package. */
  static override isInstance(value: unknown): value is CloudExecutionError {
    return hasMarker(value, executionMarker);
  }
}
