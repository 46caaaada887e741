// Every call made to a MockConnector, per method, oldest first: what `connector.calls` shows.
import { MOCK_METHODS, type MockArgs, type MockMethod, type MockResult } from './mock-methods.js';

/** One recorded call of a {@link MockMethod}. */
export interface MockCall<M extends MockMethod> {
  /** The arguments it was called with. */
  readonly args: MockArgs<M>;
  /** When it was called, on the connector's clock (milliseconds). */
  readonly at: number;
  /** `pending` until it settles; `returned` with a `result`, or `threw` with an `error`. */
  readonly state: 'pending' | 'returned' | 'threw';
  /** What it resolved to, once `state` is `returned`. */
  readonly result?: MockResult<M>;
  /** What it threw, once `state` is `threw`. */
  readonly error?: unknown;
}

/** Every call made to a {@link MockConnector}, per method, oldest first. */
export type MockCalls = { readonly [M in MockMethod]: readonly MockCall<M>[] };

/** A {@link MockCall} as the call itself updates it when it settles. */
export interface MutableCall {
  args: unknown[];
  at: number;
  state: 'pending' | 'returned' | 'threw';
  result?: unknown;
  error?: unknown;
}

/** The calls of every method, recorded as they start. */
export class MockCallRecord {
  readonly #calls = new Map<MockMethod, MutableCall[]>();

  constructor() {
    this.reset();
  }

  /** Records a call of `method` made at `at`, pending until the caller settles it. */
  start(method: MockMethod, args: readonly unknown[], at: number): MutableCall {
    const call: MutableCall = { args: args as unknown[], at, state: 'pending' };
    this.#calls.get(method)!.push(call);
    return call;
  }

  /** The calls so far, per method; each list a copy. */
  snapshot(): MockCalls {
    return Object.fromEntries(MOCK_METHODS.map((m) => [m, [...this.#calls.get(m)!]])) as unknown as MockCalls;
  }

  /** Forgets every call. */
  reset(): void {
    for (const method of MOCK_METHODS) this.#calls.set(method, []);
  }
}
