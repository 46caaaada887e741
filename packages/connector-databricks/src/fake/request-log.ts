/** What the fake remembers about traffic: the recorded exchanges, and the faults a scenario queued. */
import type { FakeFaultKind } from './options.js';

/** One request and its answer, as recorded for tests. */
export interface FakeExchange {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** The JSON body sent, when there was one. */
  readonly requestJson: unknown;
  readonly status: number;
  /** The JSON body answered, when there was one (`undefined` for a dropped connection). */
  readonly responseJson: unknown;
  readonly fault: FakeFaultKind | undefined;
}

/** The recorded exchanges, oldest first, keeping at most `limit` (none when `limit` is 0). */
export class ExchangeLog {
  readonly #limit: number;
  readonly #exchanges: FakeExchange[] = [];

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Every recorded exchange, oldest first. */
  get all(): readonly FakeExchange[] {
    return this.#exchanges;
  }

  /** Records an exchange, dropping the oldest past the limit. */
  record(exchange: FakeExchange): void {
    if (this.#limit === 0) return;
    this.#exchanges.push(exchange);
    if (this.#exchanges.length > this.#limit) this.#exchanges.shift();
  }
}

/** Faults queued per operation by a scenario, taken one per request. */
export class FaultQueue {
  readonly #queued = new Map<string, FakeFaultKind[]>();

  /** Queues `kind` for the next `count` requests of `operationId`. */
  add(operationId: string, kind: FakeFaultKind, count: number): void {
    const queue = this.#queued.get(operationId) ?? [];
    for (let i = 0; i < count; i++) queue.push(kind);
    this.#queued.set(operationId, queue);
  }

  /** Takes the next queued fault of `operationId`, if any. */
  take(operationId: string): FakeFaultKind | undefined {
    return this.#queued.get(operationId)?.shift();
  }
}
