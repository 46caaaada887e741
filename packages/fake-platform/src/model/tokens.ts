import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { PlatformProblem } from '../problems.js';
import { iso } from './wire.js';

/** What `POST /v1/auth/token` answers. */
export interface IssuedToken {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  expiresAt: string;
}

/** The bearer tokens the platform issued for its API key, each with its expiry on the platform clock. */
export class TokenStore {
  #tokens = new Map<string, number>();

  constructor(
    private readonly apiKey: string,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  /** Exchanges the API key for a bearer token, or throws `INVALID_API_KEY`. */
  issue(apiKey: unknown): IssuedToken {
    const given = createHash('sha256')
      .update(typeof apiKey === 'string' ? apiKey : '')
      .digest();
    const expected = createHash('sha256').update(this.apiKey).digest();
    if (typeof apiKey !== 'string' || !timingSafeEqual(given, expected)) {
      throw new PlatformProblem('INVALID_API_KEY', 'The API key is not valid');
    }
    const now = this.now();
    if (this.#tokens.size > 10_000) {
      // Tokens long expired are forgotten; they then read as unknown rather than expired.
      for (const [token, expiresAt] of this.#tokens) {
        if (expiresAt + this.ttlMs < now) this.#tokens.delete(token);
      }
    }
    const accessToken = `fpt_${randomBytes(24).toString('base64url')}`;
    const expiresAt = now + this.ttlMs;
    this.#tokens.set(accessToken, expiresAt);
    return {
      accessToken,
      tokenType: 'Bearer',
      // Fractional for sub-second TTLs, so a client never reads a lifetime of 0.
      expiresIn: this.ttlMs / 1000,
      expiresAt: iso(expiresAt),
    };
  }

  /** Checks an `Authorization` header; returns the token, or throws `UNAUTHENTICATED` / `TOKEN_EXPIRED`. */
  authenticate(authorization: string | null): string {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match)
      throw new PlatformProblem('UNAUTHENTICATED', 'An Authorization: Bearer <token> header is required');
    const token = match[1] as string;
    const expiresAt = this.#tokens.get(token);
    if (expiresAt === undefined)
      throw new PlatformProblem('UNAUTHENTICATED', 'The access token is not known');
    if (this.now() >= expiresAt) throw new PlatformProblem('TOKEN_EXPIRED', 'The access token has expired');
    return token;
  }

  /** Makes `token` expire now. */
  expire(token: string): void {
    if (this.#tokens.has(token)) this.#tokens.set(token, this.now());
  }
}
