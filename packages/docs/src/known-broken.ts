/**
 * Code samples in Markdown files this package does not own that do not compile today. Each is expected to keep
 * failing, so the docs test stays green for everyone else while the list stays honest: the moment a sample is
 * fixed, its entry fails the test ("now compiles: remove it") and must be deleted. Never add a file owned by
 * the docs (`docs/*` guides other than those listed here, the root README): fix the sample instead.
 */
export interface KnownBrokenSample {
  /** The Markdown file, relative to the repository root. */
  readonly file: string;
  /** The 1-based position of the `ts` block among the file's `ts` blocks. */
  readonly index: number;
  /** Who owns the file. */
  readonly owner: string;
  /** Why it does not compile, and the fix. */
  readonly why: string;
}

export const KNOWN_BROKEN_SAMPLES: readonly KnownBrokenSample[] = Object.freeze([]);
