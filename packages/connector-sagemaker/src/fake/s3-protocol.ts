import { AwsServiceError } from './aws-error.js';
import type { FakeAwsContext } from './fake-context.js';
import type { AwsFaultKind } from './options.js';
import { faultError, refusedCredentials } from './protocol-gate.js';
import { answerS3, s3Operation } from './s3-operations.js';
import { s3Error } from './s3-wire.js';

/** The bucket and key of a path-style S3 URL below `basePath` (`/<bucket>/<key…>`), decoded. */
function bucketAndKey(url: URL, basePath: string): { bucket: string; key: string } {
  const path = url.pathname.slice(basePath.length).replace(/^\//, '');
  const slash = path.indexOf('/');
  const bucket = decodeURIComponent(slash < 0 ? path : path.slice(0, slash));
  const key =
    slash < 0
      ? ''
      : path
          .slice(slash + 1)
          .split('/')
          .map(decodeURIComponent)
          .join('/');
  return { bucket, key };
}

/**
 * Answers one S3 REST-XML request (path-style): routed to its operation as S3 routes it, credentials
 * checked, then a fault may be injected, then the account's S3 answers.
 */
export async function answerS3Protocol(context: FakeAwsContext, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const { bucket, key } = bucketAndKey(url, context.basePath);
  const operation = s3Operation(request.method, url, key.length > 0);
  const head = request.method === 'HEAD';
  let fault: AwsFaultKind | undefined;
  const record = (status: number) =>
    context.record({ service: 's3', operation, fault, status, input: undefined, output: undefined });
  const refused = refusedCredentials(request, context.options.accessKeys, 'rest-xml');
  if (refused) {
    record(refused.status);
    return s3Error(refused, head);
  }
  fault = context.pickFault();
  const injectedError = fault && faultError(fault, 'rest-xml');
  try {
    if (injectedError) throw injectedError;
    if (fault === 'drop-before') {
      record(0);
      return Response.error();
    }
    const response = await answerS3(context.account, request, url, operation, bucket, key);
    record(fault === 'drop-after' ? 0 : response.status);
    return fault === 'drop-after' ? Response.error() : response;
  } catch (error) {
    if (!(error instanceof AwsServiceError)) throw error;
    // An error the service answered is lost like any answer when the connection drops after it.
    const lost = fault === 'drop-after' && error !== injectedError;
    record(lost ? 0 : error.status);
    return lost ? Response.error() : s3Error(error, head);
  }
}
