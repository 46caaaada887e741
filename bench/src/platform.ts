/** The standalone fake platform in a child process, with a token and an HttpConnector ready for it. */
import { HttpConnector, type HttpConnectorOptions } from '@neural/connector-http';
import { z } from 'zod';
import { type Child, startChild } from './child.js';

/** The key every benchmark platform accepts (a fixture, not a secret). */
export const BENCH_API_KEY = 'sk-bench-fixture-key-0001';

const TokenSchema = z.object({ accessToken: z.string().min(1) });
const JobSchema = z.looseObject({ id: z.string(), state: z.string(), createdAt: z.string() });

/** A platform server process and what a client needs to talk to it. */
export interface BenchPlatform {
  readonly child: Child;
  /** `http://127.0.0.1:port`, without `/v1`. */
  readonly url: string;
  /** A bearer token for the bare-fetch baselines. */
  readonly token: string;
  /** The `authorization` header for the bare baselines. */
  readonly auth: Record<string, string>;
  /** A connector on this platform. */
  connector(options?: HttpConnectorOptions): HttpConnector;
  /** Submits a job with bare fetch and returns its JSON. */
  submit(code: string): Promise<z.infer<typeof JobSchema>>;
  stop(): Promise<void>;
}

/** Starts the platform in its own process. */
export async function startPlatform(options: { maxFileBytes?: number } = {}): Promise<BenchPlatform> {
  const child = await startChild('platform-server', [JSON.stringify({ apiKey: BENCH_API_KEY, ...options })]);
  const url = z.string().parse(child.ready.url);
  try {
    const response = await fetch(`${url}/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiKey: BENCH_API_KEY }),
    });
    const { accessToken } = TokenSchema.parse(await response.json());
    const auth = { authorization: `Bearer ${accessToken}` };
    return {
      child,
      url,
      token: accessToken,
      auth,
      connector: (connectorOptions) =>
        new HttpConnector({ apiKey: BENCH_API_KEY, endpoint: url }, connectorOptions),
      async submit(code) {
        const created = await fetch(`${url}/v1/jobs`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ code }),
        });
        if (created.status !== 201)
          throw new Error(`submit answered ${created.status}: ${await created.text()}`);
        return JobSchema.parse(await created.json());
      },
      stop: () => child.stop(),
    };
  } catch (error) {
    await child.stop();
    throw error;
  }
}

/** A `fetch` that counts the requests it sends (for the waiting benchmark). */
export function countingFetch(): { fetch: typeof fetch; count: () => number } {
  let requests = 0;
  return {
    fetch: (input, init) => {
      requests++;
      return fetch(input, init);
    },
    count: () => requests,
  };
}
