import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  InvalidParameterError,
  JobResult,
  parseListJobsOptions,
  parseSubmitJobRequest,
  ResourceConfig,
} from '../src/index.js';

// Thousands of inputs per validator, kept small so the whole file stays fast.
const RUNS = { numRuns: 1000 };
const small = { maxDepth: 2, maxKeys: 3 } as const;

/** Any value at all, with a bias towards the kinds of values a field might plausibly get. */
const anyValue = fc.oneof(
  fc.anything(small),
  fc.integer({ min: -5, max: 200 }),
  fc.double(),
  fc.boolean(),
  fc.string(),
  fc.constant(undefined),
);

/** Objects built from the real keys (and their seed snake_case names) with values of any kind. */
function objectsOf(keys: readonly string[], valueFor: Record<string, fc.Arbitrary<unknown>> = {}) {
  const arbitraries = Object.fromEntries(
    keys.map((key) => [key, fc.oneof(valueFor[key] ?? anyValue, anyValue)]),
  );
  return fc.oneof(
    fc.record(arbitraries, { requiredKeys: [] }),
    fc
      .tuple(
        fc.record(arbitraries, { requiredKeys: [] }),
        fc.dictionary(fc.string({ maxLength: 12 }), anyValue, { maxKeys: 2 }),
      )
      .map(([known, extra]) => ({ ...extra, ...known })),
    fc.anything(small),
  );
}

/** The clause every validator honours: accepted, or InvalidParameterError naming a field; nothing else. */
function acceptsOrNamesAField(input: unknown, validate: () => unknown): void {
  try {
    validate();
  } catch (error) {
    if (!InvalidParameterError.isInstance(error)) throw error;
    expect(error.issues.length).toBeGreaterThan(0);
    const isObject = input !== null && typeof input === 'object' && !Array.isArray(input);
    for (const issue of error.issues) {
      expect(issue.rule.length).toBeGreaterThan(0);
      if (isObject) {
        expect(issue.field.length).toBeGreaterThan(0);
        expect(error.message).toContain(issue.field);
      }
    }
  }
}

const RESOURCE_KEYS = [
  'instanceType',
  'gpuEnabled',
  'gpuCount',
  'memoryGb',
  'cpuCount',
  'diskSizeGb',
  'maxRuntimeHours',
  'autoShutdown',
  'customParams',
  'gpu_count',
  'memory_gb',
];
const resourceInputs = objectsOf(RESOURCE_KEYS, {
  gpuEnabled: fc.boolean(),
  gpuCount: fc.integer({ min: -1, max: 8 }),
  customParams: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })),
  instanceType: fc.string(),
});

describe('every validator, on thousands of generated inputs', { timeout: 30_000 }, () => {
  it('ResourceConfig accepts or names the bad field, and what it accepts is valid and frozen', () => {
    fc.assert(
      fc.property(resourceInputs, (input) => {
        acceptsOrNamesAField(input, () => {
          const config = new ResourceConfig(input as never);
          expect(Object.isFrozen(config)).toBe(true);
          expect(Number.isInteger(config.gpuCount) && config.gpuCount >= 0).toBe(true);
          if (!config.gpuEnabled) expect(config.gpuCount).toBe(0);
          expect(new ResourceConfig(config.toJSON())).toEqual(config);
        });
      }),
      RUNS,
    );
  });

  it('JobResult accepts or names the bad field', () => {
    const inputs = objectsOf(
      ['jobId', 'status', 'output', 'error', 'metrics', 'artifacts', 'logsUrl', 'durationSeconds', 'job_id'],
      {
        jobId: fc.string(),
        status: fc.constantFrom('pending', 'running', 'succeeded', 'failed', 'cancelled', 'unknown', 'done'),
        metrics: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })),
        artifacts: fc.array(fc.string()),
        durationSeconds: fc.double(),
      },
    );
    fc.assert(
      fc.property(inputs, (input) => {
        acceptsOrNamesAField(input, () => {
          const result = new JobResult(input as never);
          expect(Object.isFrozen(result)).toBe(true);
          if (result.durationSeconds !== undefined) expect(result.durationSeconds).toBeGreaterThanOrEqual(0);
        });
      }),
      RUNS,
    );
  });

  it('parseSubmitJobRequest accepts or names the bad field, nested resource fields included', () => {
    const inputs = objectsOf(
      ['code', 'resourceConfig', 'environment', 'dependencies', 'jobName', 'idempotencyKey', 'job_name'],
      {
        code: fc.string(),
        resourceConfig: resourceInputs,
        environment: fc.dictionary(fc.string(), fc.string()),
        dependencies: fc.array(fc.string()),
        jobName: fc.string(),
        idempotencyKey: fc.string(),
      },
    );
    fc.assert(
      fc.property(inputs, (input) => {
        acceptsOrNamesAField(input, () => {
          const parsed = parseSubmitJobRequest(input as never);
          expect(parsed.resourceConfig).toBeInstanceOf(ResourceConfig);
          expect(parsed.code.trim().length).toBeGreaterThan(0);
        });
      }),
      RUNS,
    );
  });

  it('parseListJobsOptions accepts or names the bad field, and fills the default limit', () => {
    const inputs = objectsOf(['limit', 'statusFilter', 'status_filter'], {
      limit: fc.integer({ min: -2, max: 1200 }),
      statusFilter: fc.constantFrom('pending', 'running', 'succeeded', 'bogus'),
    });
    fc.assert(
      fc.property(inputs, (input) => {
        acceptsOrNamesAField(input, () => {
          const parsed = parseListJobsOptions(input as never);
          expect(parsed.limit).toBeGreaterThanOrEqual(1);
          expect(parsed.limit).toBeLessThanOrEqual(1000);
        });
      }),
      RUNS,
    );
  });
});

describe('parseSubmitJobRequest', () => {
  it('fills defaults and turns a plain resource config into a ResourceConfig', () => {
    const parsed = parseSubmitJobRequest({ code: 'print(1)', resourceConfig: { gpuEnabled: true } });
    expect(parsed.resourceConfig.gpuCount).toBe(1);
    expect(parsed.environment).toEqual({});
    expect(parsed.dependencies).toEqual([]);
    expect(Object.isFrozen(parsed)).toBe(true);
  });

  it('names bad top-level and nested fields in one error', () => {
    try {
      parseSubmitJobRequest({
        code: '',
        resourceConfig: { gpu_count: 2 },
        environment: { '1X': 'v' },
      } as never);
      expect.unreachable();
    } catch (error) {
      const fields = (error as InvalidParameterError).issues.map((issue) => issue.field);
      expect(fields).toEqual(expect.arrayContaining(['code', 'resourceConfig.gpu_count', 'environment.1X']));
      expect((error as Error).message).toMatch(/did you mean "gpuCount"/);
    }
  });

  it('names resourceConfig itself when it is not an object', () => {
    try {
      parseSubmitJobRequest({ code: 'x', resourceConfig: 'big' } as never);
      expect.unreachable();
    } catch (error) {
      expect((error as InvalidParameterError).issues[0]?.field).toBe('resourceConfig');
    }
  });
});

describe('parseListJobsOptions', () => {
  it('defaults the limit to 10 and hints the camelCase name of status_filter', () => {
    expect(parseListJobsOptions().limit).toBe(10);
    expect(() => parseListJobsOptions({ status_filter: 'running' } as never)).toThrow(
      /did you mean "statusFilter"/,
    );
  });
});
