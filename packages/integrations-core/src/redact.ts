import { INSPECT_CUSTOM } from './inspect-symbol.js';
import { deepFreeze } from './json.js';

/** What replaces a secret wherever it would have appeared. */
export const REDACTED = '[REDACTED]';

/** Field names whose values are treated as secrets when credentials are redacted. */
export const SECRET_FIELD_PATTERN =
  /key|token|secret|password|passwd|credential|auth|jwt|session|cookie|signature/i;

/** Secrets shorter than this are not scrubbed from free text (too likely to match ordinary words). */
const MIN_SCRUBBABLE_LENGTH = 4;

/**
 * Any run of this many characters of a registered secret (or of one of its encoded forms) is scrubbed, not
 * just the whole secret: a message that cut a key at 40 characters, or a URL that split it, still leaks. Twelve
 * characters of a random key are about 70 bits, so ordinary text never matches by chance, and shorter runs
 * are no longer useful to an attacker. Secrets shorter than this are matched whole.
 */
export const SECRET_PIECE_LENGTH = 12;

/** How deep {@link Redactor.redactValue} and {@link Redactor.redactError} follow nested values. */
const MAX_REDACTION_DEPTH = 64;

const HASH_BASE = 31;
/** HASH_BASE to the power SECRET_PIECE_LENGTH - 1, modulo 2^32, to roll a character out of the hash. */
const HASH_TOP = (() => {
  let top = 1;
  for (let i = 1; i < SECRET_PIECE_LENGTH; i++) top = Math.imul(top, HASH_BASE);
  return top;
})();

function hashPiece(text: string, at: number): number {
  let hash = 0;
  for (let i = 0; i < SECRET_PIECE_LENGTH; i++)
    hash = (Math.imul(hash, HASH_BASE) + text.charCodeAt(at + i)) | 0;
  return hash;
}

/**
 * The base64 text of `secret` as it appears inside a longer encoded value, at each of the three byte
 * alignments (`user:key` in a Basic header starts the key mid-group): only the characters that depend on the
 * secret's bytes alone, which are the same whatever surrounds it.
 */
function base64Forms(secret: string): string[] {
  const bytes = new TextEncoder().encode(secret);
  const forms: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const shifted = new Uint8Array(offset + bytes.length);
    shifted.set(bytes, offset);
    const encoded = toBase64(shifted);
    // Character i covers bits 6i..6i+5, bytes floor(6i/8)..floor((6i+5)/8); keep those inside the secret.
    const first = Math.ceil((8 * offset) / 6);
    const last = Math.floor((8 * (offset + bytes.length) - 6) / 6);
    const core = encoded.slice(first, last + 1);
    if (core.length >= SECRET_PIECE_LENGTH) {
      forms.push(core, core.replaceAll('+', '-').replaceAll('/', '_'));
    }
  }
  return forms;
}

/** Standard base64 of `bytes`, with `btoa`, which every runtime has (Node.js's `Buffer` is not everywhere). */
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** How deep {@link Redactor} looks into a frozen value for a secret before copying it. */
const FROZEN_SCAN_DEPTH = 8;

/**
 * The one redaction mechanism of the project: a set of known secret values scrubbed from any text or value
 * before it is logged, printed, thrown or serialised. Connectors register the credential values they are given
 * and the tokens they obtain; errors, logs and `toJSON` go through it.
 *
 * A secret is recognised whole, by any run of {@link SECRET_PIECE_LENGTH} of its characters, and in its
 * URL-encoded, base64 and base64url forms (and runs of those).
 *
 * @example
 * ```ts
 * const redactor = new Redactor(['sk-live-123']);
 * redactor.redactText('key=sk-live-123'); // 'key=[REDACTED]'
 * ```
 */
export class Redactor {
  /** Secrets (and forms) shorter than a piece, matched whole. */
  #short = new Set<string>();
  /** Every run of SECRET_PIECE_LENGTH characters of every longer secret and form, by rolling hash. */
  #pieces = new Map<number, Set<string>>();
  #count = 0;

  constructor(secrets: Iterable<string> = []) {
    for (const secret of secrets) this.add(secret);
  }

  /**
   * Registers a secret value (ignored when empty), with its URL-encoded, base64 and base64url forms, as they
   * appear in URLs and headers.
   */
  add(secret: string | undefined | null): this {
    if (typeof secret !== 'string' || secret.length === 0) return this;
    this.#count++;
    for (const form of new Set([secret, encodeURIComponent(secret), ...base64Forms(secret)])) {
      if (form.length < SECRET_PIECE_LENGTH) {
        this.#short.add(form);
        continue;
      }
      for (let at = 0; at + SECRET_PIECE_LENGTH <= form.length; at++) {
        const hash = hashPiece(form, at);
        const bucket = this.#pieces.get(hash) ?? new Set<string>();
        this.#pieces.set(hash, bucket);
        bucket.add(form.slice(at, at + SECRET_PIECE_LENGTH));
      }
    }
    return this;
  }

  /** Registers the values of every secret-looking field of `credentials` (see {@link SECRET_FIELD_PATTERN}). */
  addCredentials(credentials: unknown): this {
    this.#addCredentials(credentials, 0);
    return this;
  }

  // Bounded, so credentials nested past any real shape cannot overflow the stack (they are refused later).
  #addCredentials(credentials: unknown, depth: number): void {
    if (credentials === null || typeof credentials !== 'object' || depth > MAX_REDACTION_DEPTH) return;
    for (const [key, value] of Object.entries(credentials)) {
      if (typeof value === 'string' && SECRET_FIELD_PATTERN.test(key)) this.add(value);
      else if (value !== null && typeof value === 'object') this.#addCredentials(value, depth + 1);
    }
  }

  /** Marks, in `text`, every character that belongs to a registered secret or a piece of one. */
  #mark(text: string): Uint8Array | undefined {
    let marks: Uint8Array | undefined;
    const mark = (from: number, length: number) => {
      marks ??= new Uint8Array(text.length);
      marks.fill(1, from, from + length);
    };
    for (const secret of this.#short) {
      if (secret.length < MIN_SCRUBBABLE_LENGTH && text !== secret) continue;
      for (let at = text.indexOf(secret); at !== -1; at = text.indexOf(secret, at + 1))
        mark(at, secret.length);
    }
    if (this.#pieces.size > 0 && text.length >= SECRET_PIECE_LENGTH) {
      let hash = hashPiece(text, 0);
      for (let at = 0; ; at++) {
        const bucket = this.#pieces.get(hash);
        if (bucket?.has(text.slice(at, at + SECRET_PIECE_LENGTH))) mark(at, SECRET_PIECE_LENGTH);
        if (at + SECRET_PIECE_LENGTH >= text.length) break;
        hash =
          (Math.imul(hash - Math.imul(text.charCodeAt(at), HASH_TOP), HASH_BASE) +
            text.charCodeAt(at + SECRET_PIECE_LENGTH)) |
          0;
      }
    }
    return marks;
  }

  /** Whether `text` contains a registered secret, a piece of one, or an encoded form. */
  contains(text: string): boolean {
    return this.#mark(text) !== undefined;
  }

  /** `text` with every registered secret, piece of one and encoded form replaced by {@link REDACTED}. */
  redactText(text: string): string {
    const marks = this.#mark(text);
    if (!marks) return text;
    let out = '';
    for (let at = 0; at < text.length; ) {
      let end = at;
      while (end < text.length && marks[end] === marks[at]) end++;
      out += marks[at] ? REDACTED : text.slice(at, end);
      at = end;
    }
    return out;
  }

  /**
   * A deep copy of `value` fit to log or serialise: strings scrubbed, secret-named fields replaced, errors
   * turned into `{ name, code, message }`. Cycles are cut, and so is anything nested deeper than 64 levels.
   */
  redactValue(value: unknown, seen = new WeakSet<object>(), depth = 0): unknown {
    if (typeof value === 'string') return this.redactText(value);
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value)) return '[Circular]';
    if (depth > MAX_REDACTION_DEPTH) return '[Too deep]';
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
    if (Array.isArray(value)) return value.map((item) => this.redactValue(item, seen, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      out[key] =
        SECRET_FIELD_PATTERN.test(key) && typeof child === 'string'
          ? REDACTED
          : this.redactValue(child, seen, depth + 1);
    }
    return out;
  }

  /**
   * Scrubs a thrown value of any shape and returns it: an error's message, stack and every other own field
   * (its `cause`, an `AggregateError`'s `errors`, an `InvalidParameterError`'s `issues`, an HTTP error's
   * request) in place, keeping its class; a string is returned scrubbed; a plain object or array is scrubbed in
   * place, or replaced by a scrubbed copy when it is frozen.
   */
  redactError<E>(error: E): E {
    return this.#scrub(error, new WeakSet(), 0) as E;
  }

  #scrub(value: unknown, seen: WeakSet<object>, depth: number): unknown {
    if (typeof value === 'string') return this.redactText(value);
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value) || depth > MAX_REDACTION_DEPTH) return value;
    seen.add(value);
    const record = value as Record<string, unknown>;
    if (value instanceof Error) {
      try {
        if (this.contains(value.message)) value.message = this.redactText(value.message);
        if (value.stack && this.contains(value.stack)) value.stack = this.redactText(value.stack);
      } catch {
        // A frozen error cannot be scrubbed in place; the caller's own redaction of output still applies.
      }
    }
    for (const key of Object.getOwnPropertyNames(value)) {
      if (value instanceof Error && (key === 'message' || key === 'stack')) continue;
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      // Accessors are left alone: reading one may have effects.
      if (!descriptor || !('value' in descriptor)) continue;
      const child = descriptor.value as unknown;
      let scrubbed = this.#scrub(child, seen, depth + 1);
      // A frozen container cannot be scrubbed in place: a deep-frozen scrubbed copy takes its place.
      if (scrubbed === child && child !== null && typeof child === 'object' && Object.isFrozen(child)) {
        if (!(child instanceof Error) && this.#holdsSecret(child, new WeakSet(), 0)) {
          scrubbed = deepFreeze(this.redactValue(child));
        }
      }
      if (scrubbed === child) continue;
      try {
        if (descriptor.writable) record[key] = scrubbed;
        else if (descriptor.configurable)
          Object.defineProperty(value, key, { ...descriptor, value: scrubbed });
      } catch {
        // A frozen holder keeps the value; output is redacted again where it is printed.
      }
    }
    return value;
  }

  /**
   * Whether a string anywhere in `value` (keys, values, map and set entries, symbol descriptions) holds a
   * registered secret, looking {@link FROZEN_SCAN_DEPTH} levels deep. Accessors are not read.
   */
  #holdsSecret(value: unknown, seen: WeakSet<object>, depth: number): boolean {
    if (typeof value === 'string') return this.contains(value);
    if (value === null || typeof value !== 'object' || seen.has(value) || depth > FROZEN_SCAN_DEPTH) {
      return false;
    }
    seen.add(value);
    const children: unknown[] =
      value instanceof Map ? [...value.keys(), ...value.values()] : value instanceof Set ? [...value] : [];
    for (const key of Reflect.ownKeys(value)) {
      children.push(typeof key === 'symbol' ? key.description : key);
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      if (descriptor && 'value' in descriptor) children.push(descriptor.value);
    }
    return children.some((child) => this.#holdsSecret(child, seen, depth + 1));
  }

  /** Never shows the secrets it holds. */
  toJSON(): string {
    return `Redactor(${this.#count} secrets)`;
  }

  /** Never shows the secrets it holds. */
  [INSPECT_CUSTOM](): string {
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
