/**
 * The fake workspace on a loopback socket, for connectors in another process (or a test that wants real HTTP):
 * each request becomes a fetch `Request` answered by the same MSW handlers, and a dropped-connection fault
 * destroys the socket.
 */
import { startFetchServer } from '@neural/fake-platform';
import { getResponse } from 'msw';
import { createFakeDatabricks, type FakeDatabricks } from './handlers.js';
import type { FakeDatabricksOptions } from './options.js';

/** A running fake workspace. */
export interface FakeDatabricksServer extends FakeDatabricks {
  /** `http://127.0.0.1:<port>`, the `endpoint` to give a connector. */
  readonly url: string;
  /** Stops accepting connections and resolves once the socket is closed. */
  close(): Promise<void>;
}

/** Starts the fake workspace on `127.0.0.1` (a free port unless `port` is given). */
export async function startFakeDatabricksServer(
  options: Omit<FakeDatabricksOptions, 'endpoint'> & { port?: number | undefined } = {},
): Promise<FakeDatabricksServer> {
  const { port = 0, ...fakeOptions } = options;
  let fake: FakeDatabricks | undefined;
  // The handlers are asked for on each request: the fake needs the server's URL, known once it listens.
  const server = await startFetchServer(
    async (request) =>
      (await getResponse((fake as FakeDatabricks).handlers, request)) ??
      Response.json(
        { error_code: 'ENDPOINT_NOT_FOUND', message: 'No API found for this route.' },
        { status: 404 },
      ),
    { port },
  );
  fake = createFakeDatabricks({ ...fakeOptions, endpoint: server.url });
  return { ...fake, url: server.url, close: server.close };
}
