import { createHash } from 'node:crypto';
import { canonicalJson } from '@neural/integrations-core';
import { invalidRequest, PlatformProblem } from '../problems.js';

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/** A checked `Idempotency-Key`: the job it already names, if any, and how to remember a new one. */
export interface IdempotencyClaim {
  /** The job submitted earlier with the same key and body, if there was one. */
  readonly previousJobId: string | undefined;
  /** Remembers that the key now names `jobId`. */
  remember(jobId: string): unknown;
}

/**
 * `Idempotency-Key`s and the body each was first used with: the same key and body name the first job, another
 * body is `IDEMPOTENCY_KEY_REUSED`.
 */
export class IdempotencyKeys {
  #keys = new Map<string, { fingerprint: string; jobId: string }>();

  /** Checks `key` against `body`; throws when the key is malformed or was used with another body. */
  claim(key: string, body: unknown): IdempotencyClaim {
    if (key.length === 0 || key.length > 255) {
      throw invalidRequest('Idempotency-Key', 'must be 1 to 255 characters', 400);
    }
    const fingerprint = sha256Hex(canonicalJson(body));
    const previous = this.#keys.get(key);
    if (previous && previous.fingerprint !== fingerprint) {
      throw new PlatformProblem(
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was used with a different request body',
      );
    }
    return {
      previousJobId: previous?.jobId,
      remember: (jobId) => this.#keys.set(key, { fingerprint, jobId }),
    };
  }

  /** Forgets every key. */
  clear(): void {
    this.#keys.clear();
  }
}
