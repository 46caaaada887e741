import { AwsServiceError } from './aws-error.js';
import type { AwsFaultKind } from './options.js';

/** The two wire protocols the fake speaks, which word the same refusals differently. */
export type AwsProtocol = 'json' | 'rest-xml';

/** The access key id of a SigV4 `Authorization` header (the signature itself is not checked). */
export function accessKeyOf(request: Request): string | undefined {
  const header = request.headers.get('authorization') ?? '';
  return /Credential=([^/,\s]+)\//.exec(header)?.[1];
}

/** Why the request's credentials are refused, as `protocol`'s services say it, or `undefined` if accepted. */
export function refusedCredentials(
  request: Request,
  accessKeys: Readonly<Record<string, string>>,
  protocol: AwsProtocol,
): AwsServiceError | undefined {
  const key = accessKeyOf(request);
  if (key !== undefined && key in accessKeys) return undefined;
  if (protocol === 'rest-xml')
    return new AwsServiceError(
      'InvalidAccessKeyId',
      'The AWS Access Key Id you provided does not exist in our records.',
      403,
    );
  return key === undefined
    ? new AwsServiceError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403)
    : new AwsServiceError(
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      );
}

const FAULT_ERRORS: Record<
  AwsProtocol,
  Record<'throttling' | 'internal' | 'unavailable', [code: string, message: string, status: number]>
> = {
  json: {
    throttling: ['ThrottlingException', 'Rate exceeded', 400],
    internal: ['InternalFailure', 'We encountered an internal error. Please try again.', 500],
    unavailable: ['ServiceUnavailable', 'Service is unavailable', 503],
  },
  'rest-xml': {
    throttling: ['SlowDown', 'Please reduce your request rate.', 503],
    internal: ['InternalError', 'We encountered an internal error. Please try again.', 500],
    unavailable: ['ServiceUnavailable', 'Service is unable to handle request.', 503],
  },
};

/** The error an injected fault answers with (`undefined` for the dropped connections, which answer nothing). */
export function faultError(fault: AwsFaultKind, protocol: AwsProtocol): AwsServiceError | undefined {
  if (fault === 'drop-before' || fault === 'drop-after') return undefined;
  const [code, message, status] = FAULT_ERRORS[protocol][fault];
  return new AwsServiceError(code, message, status);
}
