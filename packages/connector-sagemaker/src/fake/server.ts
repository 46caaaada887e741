import { startFetchServer } from '@neural/fake-platform';
import { getResponse } from 'msw';
import type { FakeAwsAccount } from './account.js';
import { createFakeAws, type FakeAws } from './handlers.js';
import type { FakeAwsOptions } from './options.js';

/** Options of {@link startFakeAwsServer}: every fake option but `url`, plus where to listen. */
export type FakeAwsServerOptions = Omit<FakeAwsOptions, 'url'> & {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind. Default `127.0.0.1`. */
  host?: string;
};

/** The fake AWS services listening on a real socket. */
export interface FakeAwsServer {
  /** `http://127.0.0.1:<port>`: the connector's `endpoint`. */
  readonly url: string;
  /** The fake (handlers, account, requests) it serves. */
  readonly fake: FakeAws;
  /** The account behind it. */
  readonly account: FakeAwsAccount;
  /** Stops listening, ends open log streams, and resolves once the socket is closed. */
  close(): Promise<void>;
}

/**
 * Starts the fake AWS services on a loopback socket, so any client (the official AWS SDK clients, the AWS CLI
 * with `--endpoint-url`) can reach them.
 *
 * @example
 * ```ts
 * const server = await startFakeAwsServer();
 * const connector = new SageMakerConnector(server.fake.credentials(), { endpoint: server.url, roleArn, bucket: 'neural-sagemaker' });
 * // …
 * await server.close();
 * ```
 */
export async function startFakeAwsServer(options: FakeAwsServerOptions = {}): Promise<FakeAwsServer> {
  const { port, host, ...rest } = options;
  let fake: FakeAws | undefined;
  // The handlers are asked for on each request: the fake needs the server's URL, known once it listens.
  const server = await startFetchServer((request) => getResponse((fake as FakeAws).handlers, request), {
    ...(port === undefined ? {} : { port }),
    ...(host === undefined ? {} : { host }),
  });
  fake = createFakeAws({ ...rest, url: server.url });
  return { url: server.url, fake, account: fake.account, close: server.close };
}
