import { CloudException, type CloudExceptionOptions } from './cloud-exception.js';
import { hasMarker, marker } from './marker.js';

const connectionMarker = marker('CloudConnectionError');

/**
 * The platform could not be reached, or answered with something that is not a valid response
 * (a network failure, a timeout, a 5xx, a malformed body). Retryable by default.
 */
export class CloudConnectionError extends CloudException {
  protected readonly [connectionMarker] = true;
  constructor(message: string, options: CloudExceptionOptions = {}) {
    super(message, { code: 'CONNECTION_FAILED', retryable: true, ...options });
  }
  /** Whether `value` is a `CloudConnectionError` from any copy of this package. */
  static override isInstance(value: unknown): value is CloudConnectionError {
    return hasMarker(value, connectionMarker);
  }
}
