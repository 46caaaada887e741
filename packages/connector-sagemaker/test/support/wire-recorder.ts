/**
 * Records every exchange an MSW server answered as it crossed the wire: the request the client sent and the
 * answer the handlers gave, bodies included, so tests check bytes rather than the fake's own account of them.
 */
import type { SetupServer } from 'msw/node';

/** One request and its answer, as sent. */
export interface WireExchange {
  readonly method: string;
  readonly url: URL;
  readonly requestHeaders: Headers;
  readonly requestBody: Buffer;
  readonly status: number;
  readonly responseHeaders: Headers;
  readonly responseBody: Buffer;
}

/** Starts recording; `exchanges()` waits for the bodies read so far, `stop()` stops listening. */
export function recordWire(server: SetupServer): {
  exchanges(): Promise<WireExchange[]>;
  stop(): void;
} {
  const requests = new Map<string, { request: Request; body: Promise<Buffer> }>();
  const pending: Promise<WireExchange>[] = [];
  const bytes = async (body: Request | Response) => Buffer.from(await body.arrayBuffer());
  const onStart = ({ request, requestId }: { request: Request; requestId: string }) => {
    requests.set(requestId, { request, body: bytes(request.clone()) });
  };
  const onMocked = ({ response, requestId }: { response: Response; requestId: string }) => {
    const sent = requests.get(requestId);
    if (!sent || response.type === 'error') return;
    const answer = bytes(response.clone());
    pending.push(
      (async () => ({
        method: sent.request.method,
        url: new URL(sent.request.url),
        requestHeaders: sent.request.headers,
        requestBody: await sent.body,
        status: response.status,
        responseHeaders: response.headers,
        responseBody: await answer,
      }))(),
    );
  };
  server.events.on('request:start', onStart);
  server.events.on('response:mocked', onMocked);
  return {
    exchanges: () => Promise.all(pending),
    stop: () => {
      server.events.removeListener('request:start', onStart);
      server.events.removeListener('response:mocked', onMocked);
    },
  };
}
