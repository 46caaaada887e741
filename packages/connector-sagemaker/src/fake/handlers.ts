import { createPrng, parseOrThrow } from '@neural/integrations-core';
import { http, type RequestHandler } from 'msw';
import { type FakeAwsAccount as Account, FakeAwsAccount } from './account.js';
import type { AwsRequestRecord, FakeAwsContext } from './fake-context.js';
import { answerJsonProtocol } from './json-protocol.js';
import {
  type AwsFaultKind,
  type FakeAwsOptions,
  FakeAwsOptionsSchema,
  type ResolvedFakeAwsOptions,
} from './options.js';
import { answerS3Protocol } from './s3-protocol.js';

/** The fake: its MSW handlers, the account behind them, and every request it answered. */
export interface FakeAws {
  /** Where it answers: the connector's `endpoint`. */
  readonly url: string;
  /** The region it claims. */
  readonly region: string;
  /** Pass to `setupServer(...handlers)` (MSW 2). */
  readonly handlers: RequestHandler[];
  /** The state: objects, training jobs, endpoints. */
  readonly account: Account;
  /** Every request answered, in order. */
  readonly requests: readonly AwsRequestRecord[];
  /** Credentials the fake accepts: `{ accessKeyId, secretAccessKey }`. */
  credentials(): { accessKeyId: string; secretAccessKey: string };
}

/**
 * Makes the fake AWS services: MSW handlers answering SageMaker, CloudWatch Logs and Service Quotas on the
 * AWS JSON 1.1 protocol (`POST /` with `X-Amz-Target`, errors as `{ "__type": … }`) and S3 on REST-XML
 * (path-style), all on one URL, with training jobs that live on the injected clock.
 *
 * @example
 * ```ts
 * const fake = createFakeAws();
 * const server = setupServer(...fake.handlers);
 * server.listen();
 * const sagemaker = new SageMakerConnector(fake.credentials(), { endpoint: fake.url, region: fake.region, roleArn, bucket: 'neural-sagemaker' });
 * ```
 */
export function createFakeAws(options: FakeAwsOptions = {}): FakeAws {
  const resolved: ResolvedFakeAwsOptions = parseOrThrow(FakeAwsOptionsSchema, options, 'fake AWS options');
  const account = new FakeAwsAccount(resolved);
  const random = createPrng(resolved.seed);
  const requests: AwsRequestRecord[] = [];
  const base = resolved.url.replace(/\/$/, '');
  const basePath = new URL(base).pathname.replace(/\/$/, '');

  const pickFault = (): AwsFaultKind | undefined => {
    if (resolved.faults.rate <= 0 || random() >= resolved.faults.rate) return undefined;
    const kinds = resolved.faults.kinds;
    return kinds[Math.floor(random() * kinds.length)] as AwsFaultKind;
  };

  const context: FakeAwsContext = {
    account,
    options: resolved,
    basePath,
    record: (entry) => requests.push(entry),
    pickFault,
  };

  const handle = async ({ request }: { request: Request }) => {
    const target = request.headers.get('x-amz-target');
    if (request.method === 'POST' && target !== null) return answerJsonProtocol(context, request, target);
    return answerS3Protocol(context, request);
  };

  return {
    url: base,
    region: resolved.region,
    handlers: [http.all(`${base}/`, handle), http.all(`${base}/*`, handle)],
    account,
    requests,
    credentials: () => {
      const [accessKeyId, secretAccessKey] = Object.entries(resolved.accessKeys)[0] as [string, string];
      return { accessKeyId, secretAccessKey };
    },
  };
}
