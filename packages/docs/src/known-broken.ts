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

export const KNOWN_BROKEN_SAMPLES: readonly KnownBrokenSample[] = Object.freeze([
  {
    file: 'docs/conformance.md',
    index: 1,
    owner: 'conformance engineer',
    why: "imports './conformance.target.js', which no block of the page defines; start a block with `// conformance.target.ts` holding the target",
  },
  {
    file: 'packages/connector-http/README.md',
    index: 2,
    owner: '@neural/connector-http',
    why: 'the options listing uses names it never declares (apiKey, endpoint, timeoutMs, …); mark it ```ts no-check or declare them',
  },
  {
    file: 'packages/connector-mock/README.md',
    index: 2,
    owner: '@neural/connector-mock',
    why: 'the overrides example has no imports (MockConnector, JobResult)',
  },
  {
    file: 'packages/fake-platform/README.md',
    index: 1,
    owner: '@neural/fake-platform',
    why: '`res.json()` is `Promise<unknown>` under @types/node, so `accessToken`, `job.id` and `finished.state` do not type-check; give the JSON a type',
  },
  {
    file: 'packages/fake-platform/README.md',
    index: 2,
    owner: '@neural/fake-platform',
    why: '`jobId` is never declared (`declare const jobId: string;` would do)',
  },
  {
    file: 'packages/fake-platform/README.md',
    index: 3,
    owner: '@neural/fake-platform',
    why: 'the faults example has no import of createFakePlatform',
  },
]);
