/**
 * A bearer token, obtained once and shared: refreshed a margin before it expires, dropped when the platform
 * rejects it, and never requested twice at the same time (single-flight refresh). A connector supplies only
 * how a token is obtained.
 */
import { type Clock, systemClock } from '../clock.js';
import { AuthenticationError, raceAbort, throwIfAborted } from '../errors.js';

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
   * @param options.marginMs - refresh this long before expiry (at most half the token's lifetime, so
   *   short-lived tokens are still reused). Default 30 000.
   */
  constructor(
    exchange: () => Promise<AccessToken>,
    options: { readonly clock?: Clock | undefined; readonly marginMs?: number | undefined } = {},
  ) {
    this.#exchange = exchange;
    this.#clock = options.clock ?? systemClock;
    this.#marginMs = options.marginMs ?? 30_000;
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
    return (await raceAbort(this.#inFlight, signal)).value;
  }

  /**
   * Drops the cached token and obtains a new one, for a connector's `authenticate()`: `true` when the platform
   * accepts the credentials, `false` when it refuses them (an `AuthenticationError`); any other failure (the
   * platform unreachable) is thrown, since it says nothing about the credentials.
   */
  async refresh(signal?: AbortSignal): Promise<boolean> {
    this.clear();
    try {
      await this.get(signal);
      return true;
    } catch (error) {
      if (AuthenticationError.isInstance(error)) return false;
      throw error;
    }
  }

  /** Forgets `value` if it is still the cached token (a 401 for an old token does not drop a newer one). */
  invalidate(value: string): void {
    if (this.#token?.value === value) this.#token = undefined;
  }

  /** Forgets the cached token, so the next {@link TokenCache.get} asks the platform. */
  clear(): void {
    this.#token = undefined;
  }

  #isStale(token: CachedToken): boolean {
    const margin = Math.min(this.#marginMs, (token.expiresAtMs - token.obtainedAtMs) / 2);
    return this.#clock.now() >= token.expiresAtMs - margin;
  }
}
