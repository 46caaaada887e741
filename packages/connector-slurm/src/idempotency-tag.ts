/*
 * Slurm has no idempotency keys, so the connector writes the key into the job's `comment`, a free-text
 * field slurmrestd v0.0.38 both accepts at submit and returns in `GET /jobs` (the job name stays the user's).
 * A submit whose answer was lost is then settled by looking the key up.
 */

/** What starts the `comment` of a job submitted with an idempotency key; the key follows it. */
export const IDEMPOTENCY_TAG_PREFIX = 'neural-idempotency-key:';

/** The `comment` that tags a job with `key`. */
export function idempotencyTag(key: string): string {
  return `${IDEMPOTENCY_TAG_PREFIX}${key}`;
}

/** The idempotency key a job's `comment` carries, or `undefined` when it carries none. */
export function keyFromTag(comment: string | undefined): string | undefined {
  if (comment === undefined || !comment.startsWith(IDEMPOTENCY_TAG_PREFIX)) return undefined;
  const key = comment.slice(IDEMPOTENCY_TAG_PREFIX.length);
  return key.length > 0 ? key : undefined;
}
