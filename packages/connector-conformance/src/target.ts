import {
  type Connector,
  type ConnectorCapabilities,
  InvalidParameterError,
  parseOrThrow,
} from '@neural/integrations-core';
import { z } from 'zod';

/** A capability a clause may depend on: one of the keys of core's `ConnectorCapabilities`. */
export type ConformanceCapability = keyof ConnectorCapabilities;

/** Job code that, on the target's platform, finishes successfully and prints `expectedOutput`. */
export interface SucceedingJob {
  /** The code to submit. */
  readonly code: string;
  /** Text the suite must find in the job's logs and in its result's `output`. */
  readonly expectedOutput: string;
}

/** Job code that, on the target's platform, ends FAILED. */
export interface FailingJob {
  /** The code to submit. */
  readonly code: string;
}

/** Job code that, on the target's platform, runs until it is cancelled (or for longer than any clause waits). */
export interface LongRunningJob {
  /** The code to submit. */
  readonly code: string;
}

/**
 * Code factories for the situations where what goes in must come back out. Each is optional: a clause that
 * needs one the target lacks is skipped, with the reason. Existing targets keep working without them.
 */
export interface JobFactories {
  /**
   * Code that succeeds and prints `text` exactly (one line per line of `text`). The suite gives it text with
   * single and double quotes, backslashes, newlines and non-ASCII letters, and a distinct marker per job so
   * that outputs of concurrent jobs can be told apart. Escape it as the platform's language needs, e.g.
   * ``(text) => `print(${JSON.stringify(text)})` `` for Python.
   */
  echo?(text: string): string;
  /**
   * Code that succeeds and prints the value of the environment variable `name` (submitted in the request's
   * `environment`), e.g. ``(name) => `import os\nprint(os.environ[${JSON.stringify(name)}])` ``.
   */
  printsEnv?(name: string): string;
}

/**
 * How long the suite waits, and how often it polls. Every field has a default suited to a platform whose jobs
 * start within seconds; stretch them for a slow platform (a batch queue, a cloud that provisions machines).
 */
export interface ConformanceTiming {
  /** How long one job may take to reach a terminal status (or RUNNING, for the long job). Default 120 000 ms. */
  readonly jobTimeoutMs?: number | undefined;
  /** First delay between status polls. Default 500 ms. */
  readonly pollIntervalMs?: number | undefined;
  /** Largest delay between status polls (the delay backs off while nothing changes). Default 5 000 ms. */
  readonly maxPollIntervalMs?: number | undefined;
  /** How many more times a terminal status is read back to prove it is final. Default 3. */
  readonly terminalRepolls?: number | undefined;
  /**
   * How long after a job ends its terminal status is watched to prove it is final (read just after the end,
   * then again at the end of the window). Default the larger of `terminalRepolls` × `pollIntervalMs` and a
   * twentieth of `jobTimeoutMs`, so it scales with the platform.
   */
  readonly finalityWindowMs?: number | undefined;
  /** How long a call with an aborted signal may take to reject. Default 2 000 ms. */
  readonly abortGraceMs?: number | undefined;
  /** How long one clause may take in all before it fails. Default three times `jobTimeoutMs`, plus 30 s. */
  readonly clauseTimeoutMs?: number | undefined;
}

/** A platform's credentials: one set it accepts and one it refuses. */
export interface RefusableCredentials<Credentials> {
  /** Credentials the platform accepts. */
  readonly valid: Credentials;
  /** Credentials of the right shape that the platform refuses. */
  readonly invalid: Credentials;
  /**
   * Why only `authenticate()` can tell the `invalid` credentials apart, when the other calls cannot refuse
   * them (e.g. `'the "credentials" name an interpreter: a missing one fails jobs, it does not refuse them'`).
   * With it, the clause that every call refuses the invalid credentials is skipped with this reason.
   */
  readonly onlyAuthenticateRefuses?: string | undefined;
}

/** A platform with no secret credentials: what `create()` is given, and why nothing can be refused. */
export interface NoSecretCredentials<Credentials> {
  /** What `create()` is given (configuration, not a secret). */
  readonly valid: Credentials;
  /** Why the platform has no credentials to refuse or leak, e.g. `'the Unix user is the identity'`. */
  readonly none: string;
}

/** What a target says about credentials: see {@link ConformanceTarget.credentials}. */
export type ConformanceCredentials<Credentials> =
  | RefusableCredentials<Credentials>
  | NoSecretCredentials<Credentials>;

/** Why the target's platform has no secret credentials, or `undefined` when it has some. */
export function noCredentialsReason(target: Pick<ConformanceTarget, 'credentials'>): string | undefined {
  const credentials = target.credentials as Partial<NoSecretCredentials<unknown>>;
  return typeof credentials.none === 'string' ? credentials.none : undefined;
}

/**
 * Why calls other than `authenticate()` cannot be expected to refuse the target's invalid credentials: the
 * platform has none (`credentials.none`) or only `authenticate()` can tell (`credentials.onlyAuthenticateRefuses`);
 * `undefined` when every call can refuse them.
 */
export function callsCannotRefuseReason(target: Pick<ConformanceTarget, 'credentials'>): string | undefined {
  const none = noCredentialsReason(target);
  if (none !== undefined) return `the platform has no secret credentials: ${none}`;
  const only = (target.credentials as Partial<RefusableCredentials<unknown>>).onlyAuthenticateRefuses;
  return typeof only === 'string'
    ? `only authenticate() can refuse the target's invalid credentials: ${only}`
    : undefined;
}

/** {@link ConformanceTiming} with every default filled in. */
export type ResolvedTiming = { readonly [K in keyof ConformanceTiming]-?: number };

/**
 * What a connector author supplies, once: how to make the connector, the credentials to make it with, and
 * three jobs that behave as the suite needs on that platform.
 */
export interface ConformanceTarget<Credentials = unknown> {
  /** Shown in reports, e.g. `"my-platform"`. */
  readonly name: string;
  /** Makes a new connector. Called once per clause, so no clause sees another's connector. */
  create(credentials: Credentials): Connector | Promise<Connector>;
  /**
   * Credentials the platform accepts, and credentials of the right shape that it refuses; or, for a platform
   * with no secret credentials (the Unix user is the identity), what `create()` is given and why there is
   * nothing to refuse: `{ valid, none: 'the Unix user is the identity' }`. With `none`, the clauses about
   * refused and leaked credentials are skipped with that reason.
   */
  readonly credentials: ConformanceCredentials<Credentials>;
  /**
   * Code that succeeds (with an output the suite looks for), fails, and runs until cancelled; and, optionally,
   * factories for code that echoes a text or an environment variable (see {@link JobFactories}).
   */
  readonly jobs: {
    readonly succeeds: SucceedingJob;
    readonly fails: FailingJob;
    readonly runsLong: LongRunningJob;
  } & JobFactories;
  /**
   * Makes the platform requeue a running job, as a scheduler does after a preemption or a node failure (for
   * Slurm, `scontrol requeue <id>`). When given, the suite checks that a requeued job reads `pending` (never a
   * terminal status) and runs again; without it, that clause is skipped with the reason.
   */
  requeue?(jobId: string): void | Promise<void>;
  /**
   * What the connector claims, over what it reports itself (`connector.capabilities`, or which optional
   * methods it has). Clauses that need a capability not claimed are skipped, with the reason.
   */
  readonly capabilities?: Partial<ConnectorCapabilities> | undefined;
  /**
   * A job id in the platform's own shape that names no job (numeric for Slurm-like platforms, e.g.
   * `'999999999'`). Every clause that needs an unknown id uses this one. Default `conformance-missing-<random>`.
   */
  readonly unknownJobId?: string | undefined;
  /** The model path `deployModel` is given when the connector claims it. Default `conformance/model.bin`. */
  readonly modelPath?: string | undefined;
  /** Runs once before the first clause (start a server, create a sandbox). */
  setup?(): void | Promise<void>;
  /** Runs once after the last clause, even when a clause failed. */
  teardown?(): void | Promise<void>;
  /** Waits and poll intervals; see {@link ConformanceTiming}. */
  readonly timing?: ConformanceTiming | undefined;
}

const functionSchema = z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', {
  message: 'must be a function',
});
const codeSchema = z
  .string({ error: 'must be a string of code' })
  .refine((code) => code.trim().length > 0, 'must not be empty');
const presentSchema = z.unknown().refine((value) => value !== undefined, 'is required');
const positiveMs = z
  .number({ error: 'must be a number of milliseconds' })
  .int('must be a whole number')
  .positive('must be greater than 0')
  .optional();

const capabilitiesShape = {
  deployModel: z.boolean().optional(),
  deleteEndpoint: z.boolean().optional(),
  uploadFile: z.boolean().optional(),
  downloadFile: z.boolean().optional(),
  getResourceUsage: z.boolean().optional(),
  followLogs: z.boolean().optional(),
  idempotency: z.boolean().optional(),
  waitForStatusChange: z.boolean().optional(),
} satisfies Record<ConformanceCapability, z.ZodType>;

/** The zod schema a target is validated with. */
const ConformanceTargetSchema = z.strictObject({
  name: z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty'),
  create: functionSchema,
  credentials: z.union(
    [
      z.strictObject({
        valid: presentSchema,
        invalid: presentSchema,
        onlyAuthenticateRefuses: z
          .string({ error: 'must say why' })
          .trim()
          .min(1, 'must say why only authenticate() refuses them')
          .optional(),
      }),
      z.strictObject({
        valid: presentSchema,
        none: z.string({ error: 'must say why' }).trim().min(1, 'must say why there are none'),
      }),
    ],
    { error: 'must be { valid, invalid } or { valid, none: "<why there are no secret credentials>" }' },
  ),
  jobs: z.strictObject({
    succeeds: z.strictObject({
      code: codeSchema,
      expectedOutput: z.string({ error: 'must be a string' }).min(1, 'must not be empty'),
    }),
    fails: z.strictObject({ code: codeSchema }),
    runsLong: z.strictObject({ code: codeSchema }),
    echo: functionSchema.optional(),
    printsEnv: functionSchema.optional(),
  }),
  requeue: functionSchema.optional(),
  capabilities: z.strictObject(capabilitiesShape).optional(),
  unknownJobId: z.string().trim().min(1, 'must not be empty').optional(),
  modelPath: z.string().trim().min(1, 'must not be empty').optional(),
  setup: functionSchema.optional(),
  teardown: functionSchema.optional(),
  timing: z
    .strictObject({
      jobTimeoutMs: positiveMs,
      pollIntervalMs: positiveMs,
      maxPollIntervalMs: positiveMs,
      terminalRepolls: z
        .number({ error: 'must be a number' })
        .int('must be a whole number')
        .min(0, 'must not be negative')
        .optional(),
      abortGraceMs: positiveMs,
      clauseTimeoutMs: positiveMs,
      finalityWindowMs: positiveMs,
    })
    .optional(),
});

/**
 * Checks a target and returns it unchanged (frozen), typed. Call it in the module the CLI loads, or pass its
 * result to `runConformance` / `describeConformance`.
 *
 * @throws InvalidParameterError naming every bad field (`jobs.succeeds.expectedOutput: must not be empty`).
 * @example
 * ```ts
 * export default defineConformanceTarget({
 *   name: 'my-platform',
 *   create: (credentials) => new MyPlatformConnector(credentials),
 *   credentials: { valid: { apiKey: process.env.MY_KEY ?? '' }, invalid: { apiKey: 'sk-wrong' } },
 *   jobs: {
 *     succeeds: { code: "print('hello conformance')", expectedOutput: 'hello conformance' },
 *     fails: { code: "raise SystemExit(3)" },
 *     runsLong: { code: 'import time; time.sleep(3600)' },
 *   },
 * });
 * ```
 */
export function defineConformanceTarget<Credentials>(
  target: ConformanceTarget<Credentials>,
): ConformanceTarget<Credentials> {
  parseOrThrow(ConformanceTargetSchema, target, 'conformance target', { redactValues: true });
  return Object.freeze({ ...target });
}

/** Validates a target of unknown provenance (a module's default export), returning it typed. */
export function assertConformanceTarget(value: unknown): ConformanceTarget {
  if (value === null || typeof value !== 'object') {
    throw InvalidParameterError.fromIssues('conformance target', [
      { field: '', rule: 'must be an object made with defineConformanceTarget()' },
    ]);
  }
  parseOrThrow(ConformanceTargetSchema, value, 'conformance target', { redactValues: true });
  return value as ConformanceTarget;
}

/** Fills the timing defaults of a target. */
export function resolveTiming(timing: ConformanceTiming | undefined): ResolvedTiming {
  const jobTimeoutMs = timing?.jobTimeoutMs ?? 120_000;
  const pollIntervalMs = timing?.pollIntervalMs ?? 500;
  const maxPollIntervalMs = Math.max(pollIntervalMs, timing?.maxPollIntervalMs ?? 5_000);
  const terminalRepolls = timing?.terminalRepolls ?? 3;
  return Object.freeze({
    jobTimeoutMs,
    pollIntervalMs,
    maxPollIntervalMs,
    terminalRepolls,
    finalityWindowMs:
      timing?.finalityWindowMs ?? Math.max(terminalRepolls * pollIntervalMs, Math.round(jobTimeoutMs / 20)),
    abortGraceMs: timing?.abortGraceMs ?? 2_000,
    clauseTimeoutMs: timing?.clauseTimeoutMs ?? jobTimeoutMs * 3 + 30_000,
  });
}
