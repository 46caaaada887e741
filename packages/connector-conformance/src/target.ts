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
  /** How long a call with an aborted signal may take to reject. Default 2 000 ms. */
  readonly abortGraceMs?: number | undefined;
  /** How long one clause may take in all before it fails. Default three times `jobTimeoutMs`, plus 30 s. */
  readonly clauseTimeoutMs?: number | undefined;
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
  /** Credentials the platform accepts, and credentials of the right shape that it refuses. */
  readonly credentials: { readonly valid: Credentials; readonly invalid: Credentials };
  /** Code that succeeds (with an output the suite looks for), fails, and runs until cancelled. */
  readonly jobs: {
    readonly succeeds: SucceedingJob;
    readonly fails: FailingJob;
    readonly runsLong: LongRunningJob;
  };
  /**
   * What the connector claims, over what it reports itself (`connector.capabilities`, or which optional
   * methods it has). Clauses that need a capability not claimed are skipped, with the reason.
   */
  readonly capabilities?: Partial<ConnectorCapabilities> | undefined;
  /** A job id of the platform's format that names no job. Default `conformance-missing-<random>`. */
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
} satisfies Record<ConformanceCapability, z.ZodType>;

/** The zod schema a target is validated with. */
const ConformanceTargetSchema = z.strictObject({
  name: z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty'),
  create: functionSchema,
  credentials: z.strictObject({ valid: presentSchema, invalid: presentSchema }),
  jobs: z.strictObject({
    succeeds: z.strictObject({
      code: codeSchema,
      expectedOutput: z.string({ error: 'must be a string' }).min(1, 'must not be empty'),
    }),
    fails: z.strictObject({ code: codeSchema }),
    runsLong: z.strictObject({ code: codeSchema }),
  }),
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
  return Object.freeze({
    jobTimeoutMs,
    pollIntervalMs,
    maxPollIntervalMs: Math.max(pollIntervalMs, timing?.maxPollIntervalMs ?? 5_000),
    terminalRepolls: timing?.terminalRepolls ?? 3,
    abortGraceMs: timing?.abortGraceMs ?? 2_000,
    clauseTimeoutMs: timing?.clauseTimeoutMs ?? jobTimeoutMs * 3 + 30_000,
  });
}
