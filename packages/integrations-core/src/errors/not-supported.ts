import { CloudException, type CloudExceptionOptions } from './cloud-exception.js';
import { hasMarker, marker } from './marker.js';

const notSupportedMarker = marker('NotSupportedError');

/** The connector does not implement this optional method. Check `connector.capabilities` first. */
export class NotSupportedError extends CloudException {
  protected readonly [notSupportedMarker] = true;
  /** The method that is not supported. */
  readonly method: string;
  constructor(method: string, options: CloudExceptionOptions & { connector?: string } = {}) {
    const { connector, ...rest } = options;
    super(`${connector ?? 'This connector'} does not support ${method}()`, {
      code: 'NOT_SUPPORTED',
      operation: method,
      ...rest,
      retryable: false,
    });
    this.method = method;
  }
  /** Whether `value` is a `NotSupportedError` from any copy of this package. */
  static override isInstance(value: unknown): value is NotSupportedError {
    return hasMarker(value, notSupportedMarker);
  }
}
