/** Generators and properties shared by the input property tests (ResourceConfig, submitJob, listJobs). */
import {
  JOB_STATUSES,
  parseListJobsOptions,
  parseSubmitJobRequest,
  type SubmitJobRequest,
} from '@neural/integrations-core';
import fc from 'fast-check';
import { expect } from 'vitest';
import { acceptedOrRejected, anyValue, FC_SEED, fieldValue, partialRecord } from './properties.js';

export const RESOURCE_KEYS = [
  'instanceType',
  'gpuEnabled',
  'gpuCount',
  'memoryGb',
  'cpuCount',
  'diskSizeGb',
  'maxRuntimeHours',
  'autoShutdown',
  'customParams',
] as const;

export const jsonValue = fc.jsonValue({ maxDepth: 2 });
const positiveNumber = fc.oneof(
  fc.integer({ min: 1, max: 4096 }),
  fc.double({ min: 0.001, max: 1e6, noNaN: true }),
);

const goodResourceFields = {
  instanceType: fc.string({ minLength: 1, maxLength: 128 }),
  gpuEnabled: fc.boolean(),
  gpuCount: fc.integer({ min: 0, max: 16 }),
  memoryGb: positiveNumber,
  cpuCount: fc.integer({ min: 1, max: 512 }),
  diskSizeGb: positiveNumber,
  maxRuntimeHours: positiveNumber,
  autoShutdown: fc.boolean(),
  customParams: fc.dictionary(fc.string({ maxLength: 10 }), jsonValue, { maxKeys: 3 }),
};

export const resourceConfigInput = fc.oneof(
  {
    weight: 8,
    arbitrary: partialRecord(
      mapValues(goodResourceFields, (good: fc.Arbitrary<unknown>) => fieldValue(good)),
      ['gpu_count', 'memory_gb', 'gpu'],
    ),
  },
  { weight: 1, arbitrary: anyValue },
);

function mapValues<T, U>(record: Record<string, T>, fn: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, fn(value)]));
}

export type Verdict = 'ok' | 'bad' | 'either';

function isJson(value: unknown, depth = 0): Verdict {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return 'ok';
  if (typeof value === 'number') return Number.isFinite(value) ? 'ok' : 'bad';
  if (typeof value !== 'object' || depth > 20) return 'bad';
  const children = Array.isArray(value) ? value : Object.values(value);
  const verdicts = children.map((child) => isJson(child, depth + 1));
  if (verdicts.includes('bad')) return 'bad';
  const proto = Object.getPrototypeOf(value);
  // Whether zod takes a Date or a Map as a record is its business, not this contract's.
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return 'either';
  return verdicts.includes('either') ? 'either' : 'ok';
}

/** An independent statement of ResourceConfig's rules: which top-level fields a value breaks. */
export function resourceConfigOracle(input: unknown): Map<string, Verdict> | 'not-an-object' {
  if (input === undefined) return new Map();
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return 'not-an-object';
  const value = input as Record<string, unknown>;
  const verdicts = new Map<string, Verdict>();
  const isBool = (v: unknown) => typeof v === 'boolean';
  const positive = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined && (RESOURCE_KEYS as readonly string[]).includes(key)) continue;
    let ok: boolean | 'either';
    switch (key) {
      case 'instanceType':
        ok = typeof v === 'string' && v.length >= 1 && v.length <= 128;
        break;
      case 'gpuEnabled':
      case 'autoShutdown':
        ok = isBool(v);
        break;
      case 'gpuCount':
        ok = Number.isSafeInteger(v) && (v as number) >= 0;
        break;
      case 'cpuCount':
        ok = Number.isSafeInteger(v) && (v as number) >= 1;
        break;
      case 'memoryGb':
      case 'diskSizeGb':
      case 'maxRuntimeHours':
        ok = positive(v);
        break;
      case 'customParams': {
        const plain = v !== null && typeof v === 'object' && !Array.isArray(v);
        const json = plain ? isJson(v) : 'bad';
        ok = json === 'either' ? 'either' : json === 'ok';
        break;
      }
      default:
        ok = false;
    }
    verdicts.set(key, ok === 'either' ? 'either' : ok ? 'ok' : 'bad');
  }
  const count = value.gpuCount;
  if (typeof count === 'number' && verdicts.get('gpuCount') !== 'bad') {
    if ((value.gpuEnabled !== true && count > 0) || (value.gpuEnabled === true && count === 0)) {
      verdicts.set('gpuCount', 'bad');
    }
  }
  return verdicts;
}

/** The top-level field an issue's dotted path starts with, matched against the keys the input really has. */
export function topField(field: string, keys: readonly string[]): string | undefined {
  const shown = (key: string) => (key === '' ? '""' : key);
  return keys.find((key) => field === shown(key) || field.startsWith(`${shown(key)}.`));
}

let keySequence = 0;
const goodSubmitFields = {
  code: fc.string({ minLength: 1, maxLength: 40 }).filter((code) => code.trim().length > 0),
  resourceConfig: resourceConfigInput,
  environment: fc.dictionary(
    fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,10}$/),
    fc.string({ maxLength: 10 }),
    {
      maxKeys: 3,
    },
  ),
  dependencies: fc.array(fc.stringMatching(/^[a-z]{1,8}(==\d\.\d)?$/), { maxLength: 3 }),
  jobName: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,20}$/),
  // Unique per case: reusing a key for a different request is refused by design (IDEMPOTENCY_KEY_REUSED),
  // which is not what this property is about.
  idempotencyKey: fc.stringMatching(/^[\x21-\x7e]{1,40}$/).map((key) => `${key}-${++keySequence}`),
};

export const submitRequest: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc
      .tuple(
        fieldValue(goodSubmitFields.code),
        partialRecord(
          {
            resourceConfig: fc.oneof(resourceConfigInput, fc.constant({})),
            environment: fieldValue(goodSubmitFields.environment),
            dependencies: fieldValue(goodSubmitFields.dependencies),
            jobName: fieldValue(goodSubmitFields.jobName),
            idempotencyKey: fieldValue(goodSubmitFields.idempotencyKey),
            signal: fc.constantFrom(new AbortController().signal, 'not a signal', undefined),
          },
          ['job_name', 'resource_config', 'timeout'],
        ),
      )
      .map(([code, rest]) => ({ code, ...rest })),
  },
  { weight: 1, arbitrary: anyValue },
);

/** What core's parser says about a request: the reference every connector's verdict is checked against. */
export function coreVerdict(request: unknown): { ok: true } | { ok: false; fields: string[] } {
  try {
    parseSubmitJobRequest(request as SubmitJobRequest);
    return { ok: true };
  } catch (error) {
    const issues = (error as { issues?: { field: string }[] }).issues;
    if (!issues) throw error;
    return { ok: false, fields: issues.map((issue) => issue.field) };
  }
}

export interface SubmitTarget {
  submit(request: unknown): Promise<unknown>;
  /** How many requests (or job records) reached the platform so far. */
  sent(): Promise<number>;
  /** Rules the connector adds over core's (e.g. Slurm refuses dependencies). */
  mayAlsoRefuse: readonly string[];
  /** Runs before each case. */
  prepare?(): void;
}

/**
 * The submit property for one connector: rejected exactly where core rejects (plus the connector's own extra
 * rules), naming the same fields, with nothing reaching the platform for a rejected request.
 */
export async function checkSubmit(target: SubmitTarget, numRuns: number) {
  let accepted = 0;
  let rejected = 0;
  await fc.assert(
    fc.asyncProperty(submitRequest, async (request) => {
      target.prepare?.();
      const before = await target.sent();
      const outcome = await acceptedOrRejected(() => target.submit(request));
      const after = await target.sent();
      const reference = coreVerdict(request);
      if (outcome.accepted) {
        expect(reference, 'the connector accepted what core refuses').toEqual({ ok: true });
        expect(after, 'an accepted submit reached the platform').toBeGreaterThan(before);
        accepted++;
        return;
      }
      expect(after, `nothing is sent for a rejected request (${outcome.error.message})`).toBe(before);
      const fields = outcome.error.issues.map((issue) => issue.field);
      if (reference.ok) {
        // Only the connector's own rules may refuse what core accepts.
        for (const field of fields)
          expect(
            target.mayAlsoRefuse.some((rule) => field.startsWith(rule)),
            field,
          ).toBe(true);
      } else {
        for (const field of reference.fields) expect(fields).toContain(field);
      }
      rejected++;
    }),
    { numRuns, seed: FC_SEED },
  );
  expect(accepted).toBeGreaterThan(numRuns / 50);
  expect(rejected).toBeGreaterThan(numRuns / 50);
}

export const listOptions: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 8,
    arbitrary: partialRecord(
      {
        limit: fieldValue(fc.integer({ min: 1, max: 1000 })),
        statusFilter: fieldValue(fc.constantFrom(...JOB_STATUSES)),
      },
      ['status_filter', 'offset'],
    ),
  },
  { weight: 1, arbitrary: anyValue },
);

function coreListVerdict(options: unknown): boolean {
  try {
    parseListJobsOptions(options as never);
    return true;
  } catch {
    return false;
  }
}

export async function checkListJobs(
  list: (options: unknown) => Promise<unknown>,
  sent: () => Promise<number> | number,
  numRuns: number,
) {
  await fc.assert(
    fc.asyncProperty(listOptions, async (options) => {
      const before = await sent();
      const outcome = await acceptedOrRejected(() => list(options));
      expect(outcome.accepted, 'agrees with parseListJobsOptions').toBe(coreListVerdict(options));
      if (!outcome.accepted) expect(await sent(), 'nothing is sent for rejected options').toBe(before);
    }),
    { numRuns, seed: FC_SEED },
  );
}
