import { inspect } from 'node:util';
import { deepFreeze } from './json.js';

/** What replaces a secret wherever it would have appeared. */
export const REDACTED = '[REDACTED]';

/** Field names whose values are treated as secrets when credentials are redacted. */
export const SECRET_FIELD_PATTERN =
  /key|token|secret|password|passwd|credential|auth|jwt|session|cookie|signature/i;

/** Secrets shorter than this are not scrubbed from free text (too likely to match ordinary words). */
const MIN_SCRUBBABLE_LENGTH = 4;

/**
 * The one redaction mechanism of the project: a set of known secret values scrubbed from any text or value
 * before it is logged, printed, thrown or serialised. Connectors register the credential values they are given
 * and the tokens they obtain; errors, logs and `toJSON` go through it.
 *
 * @example
 * ```ts
 * const redactor = new Redactor(['sk-live-123']);
 * redactor.redactText('key=sk-live-123'); // 'key=[REDACTED]'
 * ```
 */
export class Redactor {
  #secrets = new Set<string>();

  constructor(secrets: Iterable<string> = []) {
    for (const secret of secrets) this.add(secret);
  }

  /** Registers a secret value (ignored when empty). Also registers its URL-encoded form, as it appears in URLs. */
  add(secret: string | undefined | null): this {
    if (typeof secret !== 'string' || secret.length === 0) return this;
    this.#secrets.add(secret);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) this.#secrets.add(encoded);
    return this;
  }

  /** Registers the values of every secret-looking field of `credentials` (see {@link SECRET_FIELD_PATTERN}). */
  addCredentials(credentials: unknown): this {
    if (credentials === null || typeof credentials !== 'object') return this;
    for (const [key, value] of Object.entries(credentials)) {
      if (typeof value === 'string' && SECRET_FIELD_PATTERN.test(key)) this.add(value);
      else if (value !== null && typeof value === 'object') this.addCredentials(value);
    }
    return this;
  }

  /** Whether `text` contains a registered secret. */
  contains(text: string): boolean {
    for (const secret of this.#secrets) if (text.includes(secret)) return true;
    return false;
  }

  /** `text` with every registered secret replaced by {@link REDACTED}. */
  redactText(text: string): string {
    let out = text;
    // Longest first, so a secret that contains another is scrubbed whole.
    const secrets = [...this.#secrets].sort((a, b) => b.length - a.length);
    for (const secret of secrets) {
      if (secret.length < MIN_SCRUBBABLE_LENGTH && out !== secret) continue;
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out;
  }

  /**
   * A deep copy of `value` fit to log or serialise: strings scrubbed, secret-named fields replaced, errors
   * turned into `{ name, code, message }`. Cycles are cut.
   */
  redactValue(value: unknown, seen = new WeakSet<object>()): unknown {
    if (typeof value === 'string') return this.redactText(value);
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value)) return '[Circular]';
    seen.add(value);
    if (value instanceof Error) {
      const code = (value as { code?: unknown }).code;
      return {
        name: value.name,
        ...(typeof code === 'string' ? { code } : {}),
        message: this.redactText(value.message),
      };
    }
    if (value instanceof Date) return value.toISOString();
    if (Array.isArray(value)) return value.map((item) => this.redactValue(item, seen));
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      out[key] =
        SECRET_FIELD_PATTERN.test(key) && typeof child === 'string'
          ? REDACTED
          : this.redactValue(child, seen);
    }
    return out;
  }

  /** Scrubs an error's message and stack in place (keeping its class and cause chain), and returns it. */
  redactError<E>(error: E): E {
    if (!(error instanceof Error)) return error;
    try {
      if (this.contains(error.message)) error.message = this.redactText(error.message);
      if (error.stack && this.contains(error.stack)) error.stack = this.redactText(error.stack);
      this.#redactOwnFields(error);
      if (error.cause !== undefined && error.cause !== error) this.redactError(error.cause);
    } catch {
      // A frozen error cannot be scrubbed in place; the caller's own redaction of output still applies.
    }
    return error;
  }

  /**
   * Scrubs the error's other own fields (an `InvalidParameterError`'s `issues` quote the values they refused,
   * an HTTP error may keep the URL): `util.inspect` prints them all, so scrubbing the message alone leaks.
   */
  #redactOwnFields(error: Error): void {
    for (const key of Object.keys(error)) {
      if (key === 'message' || key === 'stack' || key === 'cause') continue;
      const value = (error as unknown as Record<string, unknown>)[key];
      if (value === null || value instanceof Error) continue;
      if (typeof value === 'string') {
        if (this.contains(value)) (error as unknown as Record<string, unknown>)[key] = this.redactText(value);
      } else if (typeof value === 'object' && this.contains(inspect(value, { depth: 8 }))) {
        const redacted = this.redactValue(value);
        (error as unknown as Record<string, unknown>)[key] = Object.isFrozen(value)
          ? deepFreeze(redacted)
          : redacted;
      }
    }
  }

  /** Never shows the secrets it holds. */
  toJSON(): string {
    return `Redactor(${this.#secrets.size} secrets)`;
  }

  /** Never shows the secrets it holds. */
  [inspect.custom](): string {
    return this.toJSON();
  }
}

/**
 * A copy of a credentials object with every secret-looking field replaced by {@link REDACTED}, safe to print.
 *
 * @example
 * ```ts
 * redactCredentials({ apiKey: 'sk-1', endpoint: 'https://x' }); // { apiKey: '[REDACTED]', endpoint: 'https://x' }
 * ```
 */
export function redactCredentials(credentials: unknown): unknown {
  return new Redactor().addCredentials(credentials).redactValue(credentials);
}
