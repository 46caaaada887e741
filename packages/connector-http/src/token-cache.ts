/**
 * The bearer token, obtained once and shared: refreshed a margin before it expires, dropped when the platform
 * rejects it, and never requested twice at the same time. Platform-neutral: a copy of this connector keeps
 * this file as it is and only changes how a token is obtained (the `exchange` function).
 */
import { type Clock, OperationAbortedError, throwIfAborted } from '@neural/integrations-core';

/** A token and when it stops working, in clock milliseconds. */
export interface AccessToken {
  /** The bearer token. */
  readonly value: string;
  /** When the platform stops accepting it (clock milliseconds). */
  readonly expiresAtMs: number;
}

interface CachedToken extends AccessToken {
  readonly obtainedAtMs: number;
}

/** Resolves like `promise`, or rejects with `OperationAbortedError` as soon as `signal` aborts. */
export function raceWithSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  throwIfAborted(signal);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new OperationAbortedError(undefined, { cause: signal.reason }));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Caches one bearer token; see the file comment. */
export class TokenCache {
  readonly #exchange: () => Promise<AccessToken>;
  readonly #clock: Clock;
  readonly #marginMs: number;
  #token: CachedToken | undefined;
  #inFlight: Promise<CachedToken> | undefined;

  /**
   * @param exchange - obtains a new token from the platform. It is not given the caller's signal: the request
   *   is shared, so one caller giving up must not fail the others.
   * @param marginMs - refresh this long before expiry (at most half the token's lifetime, so short-lived
   *   tokens are still reused).
   */
  constructor(exchange: () => Promise<AccessToken>, options: { clock: Clock; marginMs: number }) {
    this.#exchange = exchange;
    this.#clock = options.clock;
    this.#marginMs = options.marginMs;
  }

  /** A valid token: the cached one while it is fresh, otherwise the one being obtained (shared by all callers). */
  async get(signal?: AbortSignal): Promise<string> {
    throwIfAborted(signal);
    const cached = this.#token;
    if (cached && !this.#isStale(cached)) return cached.value;
    if (!this.#inFlight) {
      const obtainedAtMs = this.#clock.now();
      const request = this.#exchange().then((token) => ({ ...token, obtainedAtMs }));
      this.#inFlight = request;
      request.then(
        (token) => {
          if (this.#inFlight === request) this.#token = token;
        },
        () => {},
      );
      request
        .finally(() => {
          if (this.#inFlight === request) this.#inFlight = undefined;
        })
        .catch(() => {});
    }
    return (await raceWithSignal(this.#inFlight, signal)).value;
  }

  /** Forgets `value` if it is still the cached token (a 401 for an old token does not drop a newer one). */
  invalidate(value: string): void {
    if (this.#token?.value === value) this.#token = undefined;
  }

  /** Forgets the cached token, so the next {@link get} asks the platform. */
  clear(): void {
    this.#token = undefined;
  }

  #isStale(token: CachedToken): boolean {
    const margin = Math.min(this.#marginMs, (token.expiresAtMs - token.obtainedAtMs) / 2);
    return this.#clock.now() >= token.expiresAtMs - margin;
  }
}
