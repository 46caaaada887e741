import { CloudException, type CloudExceptionOptions } from './cloud-exception.js';
import { hasMarker, marker } from './marker.js';

const authenticationMarker = marker('AuthenticationError');

/** The platform refused the credentials (wrong key, expired or revoked token). Not retryable. */
export class AuthenticationError extends CloudException {
  protected readonly [authenticationMarker] = true;
  constructor(message: string, options: CloudExceptionOptions = {}) {
    super(message, { code: 'AUTHENTICATION_FAILED', ...options, retryable: false });
  }
  /** Whether `value` is an `AuthenticationError` from any copy of this package. */
  static override isInstance(value: unknown): value is AuthenticationError {
    return hasMarker(value, authenticationMarker);
  }
}
