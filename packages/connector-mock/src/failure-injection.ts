// Failures and hangs a test injects into the next calls of a method (`failNext`, `hang`, `resume`).
import {
  CloudConnectionError,
  CloudException,
  InvalidParameterError,
  OperationAbortedError,
} from '@neural/integrations-core';
import { assertPositiveCount } from './argument-checks.js';
import { assertMethod, type MockMethod } from './mock-methods.js';

/** When an injected failure strikes: before the call has any effect, or after it has acted. */
export type InjectedFailureTiming = 'before' | 'after';

/** One failure waiting for a call of its method. */
export interface Injection {
  error: CloudException | (() => CloudException) | undefined;
  when: InjectedFailureTiming;
}

interface Hang {
  remaining: number;
  release: Set<() => void>;
}

/** The failures and hangs injected into one connector's methods. */
export class MockFailureInjection {
  readonly #injections = new Map<MockMethod, Injection[]>();
  readonly #hangs = new Map<MockMethod, Hang>();

  /** Queues `n` failures of `method`; see `MockConnector.failNext`. */
  failNext(
    method: MockMethod,
    n: number,
    error: CloudException | (() => CloudException) | undefined,
    options: { when?: InjectedFailureTiming },
  ): void {
    assertMethod(method);
    assertPositiveCount(n, 'n');
    if (error !== undefined && typeof error !== 'function' && !CloudException.isInstance(error)) {
      throw InvalidParameterError.forField(
        'error',
        'must be a CloudException (every error a connector throws is one)',
        {
          subject: 'failNext',
        },
      );
    }
    const when = options.when ?? 'before';
    if (when !== 'before' && when !== 'after')
      throw InvalidParameterError.forField('when', 'must be "before" or "after"', { subject: 'failNext' });
    const queue = this.#injections.get(method) ?? [];
    for (let i = 0; i < n; i++) queue.push({ error, when });
    this.#injections.set(method, queue);
  }

  /** Makes calls of `method` hang; see `MockConnector.hang`. */
  hang(method: MockMethod, options: { times?: number }): void {
    assertMethod(method);
    if (options.times !== undefined) assertPositiveCount(options.times, 'times');
    const existing = this.#hangs.get(method);
    this.#hangs.set(method, {
      remaining: options.times ?? Number.POSITIVE_INFINITY,
      release: existing?.release ?? new Set(),
    });
  }

  /** Stops `method` hanging and lets the calls hanging now go on. */
  resume(method: MockMethod): void {
    assertMethod(method);
    const hang = this.#hangs.get(method);
    this.#hangs.delete(method);
    for (const release of hang?.release ?? []) release();
  }

  /** The next failure queued for `method`, taken off the queue, or `undefined`. */
  takeInjection(method: MockMethod): Injection | undefined {
    return this.#injections.get(method)?.shift();
  }

  /** The error an injection throws: its own, a fresh one from its factory, or a retryable default. */
  injectedError(method: MockMethod, injection: Injection): CloudException {
    if (typeof injection.error === 'function') return injection.error();
    return (
      injection.error ??
      new CloudConnectionError(`Injected failure of ${method}() (MockConnector.failNext)`, {
        code: 'INJECTED_FAILURE',
      })
    );
  }

  /** Waits while `method` hangs: until resumed, or until `signal` aborts (then `OperationAbortedError`). */
  async maybeHang(method: MockMethod, signal: AbortSignal | undefined): Promise<void> {
    const hang = this.#hangs.get(method);
    if (!hang || hang.remaining <= 0) return;
    hang.remaining--;
    await new Promise<void>((resolvePromise, reject) => {
      const release = () => {
        signal?.removeEventListener('abort', onAbort);
        resolvePromise();
      };
      const onAbort = () => {
        hang.release.delete(release);
        reject(new OperationAbortedError(`${method}() was aborted while hanging`, { cause: signal?.reason }));
      };
      hang.release.add(release);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
