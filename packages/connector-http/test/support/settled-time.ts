/**
 * Moves a manual clock only while nothing is on its way. An HTTP request through MSW takes real event-loop turns
 * to reach the fake platform and to come back; a clock moved meanwhile fires the request's attempt timeout (or
 * the caller's deadline) before the platform ever saw it, and a loaded machine makes that a coin toss. So every
 * request the connector sends is tracked, and time moves only once each one is either answered or parked in a
 * platform long-poll (which is itself waiting on the clock).
 */
import type { ManualClock } from '@neural/integrations-core/testing';

const REQUEST_HEADER = 'x-test-request';
/** Event-loop turns to wait for requests to settle before calling it a hang. */
const MAX_TURNS = 200_000;

interface PlatformRequests {
  readonly requests: readonly {
    readonly headers: Record<string, string>;
    readonly operationId?: string;
    readonly status?: number;
    readonly fault?: string;
  }[];
}

/** A tracking `fetch` for the connector, and a clock driver that waits for it to settle. */
export function createSettledTime(clock: ManualClock, platform: PlatformRequests) {
  const inFlight = new Set<string>();
  let sent = 0;

  const fetch: typeof globalThis.fetch = async (input, init) => {
    const id = String(++sent);
    const request = new Request(input, init);
    request.headers.set(REQUEST_HEADER, id);
    inFlight.add(id);
    try {
      const response = await globalThis.fetch(request);
      // Read here, so "answered" includes the body and the caller's reading of it is in-process only.
      const empty = [101, 204, 205, 304].includes(response.status);
      const body = empty ? null : await response.arrayBuffer();
      return new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    } finally {
      inFlight.delete(id);
    }
  };

  const parked = (id: string) =>
    platform.requests.some(
      (request) =>
        request.headers[REQUEST_HEADER] === id &&
        request.operationId === 'waitForJob' &&
        request.status === undefined &&
        request.fault === undefined,
    );

  /** Resolves once every request in flight is answered or parked in a long-poll. */
  async function settled(): Promise<void> {
    for (let turn = 0; turn < MAX_TURNS; turn++) {
      if ([...inFlight].every(parked)) return;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    throw new Error(`requests ${[...inFlight].join(', ')} neither answered nor parked`);
  }

  /** Moves the clock by `ms` in steps of at most `stepMs`, letting requests settle before each step. */
  async function advance(ms: number, stepMs = 100): Promise<void> {
    let left = ms;
    do {
      await settled();
      const step = Math.min(stepMs, left);
      await clock.advance(step);
      left -= step;
    } while (left > 0);
    await settled();
  }

  return { fetch, settled, advance };
}
