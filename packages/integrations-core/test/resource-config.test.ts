import { describe, expect, it } from 'vitest';
import { InvalidParameterError, ResourceConfig, ResourceConfigSchema } from '../src/index.js';
import { caught } from './support.js';

async function issuesOf(input: unknown) {
  const error = await caught(() => new ResourceConfig(input as never));
  expect(InvalidParameterError.isInstance(error)).toBe(true);
  return (error as InvalidParameterError).issues;
}

describe('ResourceConfig', () => {
  it('has the seed defaults: standard, no GPU, auto shutdown, no custom params', () => {
    const config = new ResourceConfig();
    expect(config.toJSON()).toEqual({
      instanceType: 'standard',
      gpuEnabled: false,
      gpuCount: 0,
      autoShutdown: true,
      customParams: {},
    });
    expect(config.memoryGb).toBeUndefined();
    expect(config.maxRuntimeHours).toBeUndefined();
  });

  it('accepts the GPU configuration of the seed, field for field', () => {
    const config = new ResourceConfig({
      instanceType: 'gpu-standard',
      gpuEnabled: true,
      gpuCount: 2,
      memoryGb: 64,
      maxRuntimeHours: 24,
      autoShutdown: true,
      customParams: { zone: 'us-east-1a' },
    });
    expect(config).toMatchObject({
      instanceType: 'gpu-standard',
      gpuCount: 2,
      memoryGb: 64,
      maxRuntimeHours: 24,
    });
    expect(config.customParams).toEqual({ zone: 'us-east-1a' });
  });

  it('gives one GPU by default when GPUs are enabled', () => {
    expect(new ResourceConfig({ gpuEnabled: true }).gpuCount).toBe(1);
  });

  it('is immutable, custom params included, and does not share the caller’s objects', () => {
    const customParams = { nested: { tags: ['a'] } };
    const config = new ResourceConfig({ customParams });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.customParams)).toBe(true);
    expect(Object.isFrozen((config.customParams.nested as { tags: string[] }).tags)).toBe(true);
    expect(() => {
      (config as { gpuCount: number }).gpuCount = 9;
    }).toThrow(TypeError);
    customParams.nested.tags.push('b');
    expect(config.customParams).toEqual({ nested: { tags: ['a'] } });
  });

  it('round-trips through toJSON, and `with` revalidates', () => {
    const config = new ResourceConfig({ cpuCount: 4, memoryGb: 16, diskSizeGb: 100 });
    expect(new ResourceConfig(config.toJSON())).toEqual(config);
    expect(config.with({ cpuCount: 8 }).cpuCount).toBe(8);
    expect(() => config.with({ cpuCount: -1 })).toThrow(InvalidParameterError);
  });

  it('re-derives the GPU count when `with` switches GPUs on or off', () => {
    expect(new ResourceConfig({ gpuEnabled: true }).with({ gpuEnabled: false }).gpuCount).toBe(0);
    expect(new ResourceConfig().with({ gpuEnabled: true }).gpuCount).toBe(1);
  });

  it('takes a ResourceConfig as is in `from`, and validates plain objects', () => {
    const config = new ResourceConfig();
    expect(ResourceConfig.from(config)).toBe(config);
    expect(ResourceConfig.from(undefined)).toEqual(config);
    expect(ResourceConfig.from({ cpuCount: 2 }).cpuCount).toBe(2);
  });

  it('is described by the exported zod schema', () => {
    expect(ResourceConfigSchema.safeParse({ gpuCount: 1, gpuEnabled: true }).success).toBe(true);
    expect(ResourceConfigSchema.safeParse({ gpuCount: -1 }).success).toBe(false);
  });
});

describe('ResourceConfig rejects bad input with InvalidParameterError', () => {
  it('for negative counts', async () => {
    expect(await issuesOf({ gpuEnabled: true, gpuCount: -1 })).toEqual([
      { field: 'gpuCount', rule: expect.stringMatching(/negative/) },
    ]);
    expect(await issuesOf({ cpuCount: -2 })).toEqual([
      { field: 'cpuCount', rule: expect.stringMatching(/at least 1/) },
    ]);
  });

  it('for fractional counts', async () => {
    expect(await issuesOf({ gpuEnabled: true, gpuCount: 1.5 })).toEqual([
      { field: 'gpuCount', rule: expect.stringMatching(/whole number/) },
    ]);
    expect(await issuesOf({ cpuCount: 0.5 })).toEqual([
      { field: 'cpuCount', rule: expect.stringMatching(/whole/) },
    ]);
  });

  it('for non-positive or non-finite amounts', async () => {
    for (const memoryGb of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect((await issuesOf({ memoryGb }))[0]?.field).toBe('memoryGb');
    }
  });

  it('for GPUs asked for with gpuEnabled false', async () => {
    const issues = await issuesOf({ gpuEnabled: false, gpuCount: 2 });
    expect(issues).toEqual([{ field: 'gpuCount', rule: expect.stringMatching(/gpuEnabled/) }]);
  });

  it('for unknown keys', async () => {
    expect(await issuesOf({ zone: 'x' })).toEqual([{ field: 'zone', rule: 'is not a known option' }]);
  });

  it('with a camelCase hint when a seed snake_case name is used', async () => {
    const error = (await caught(
      () => new ResourceConfig({ gpu_count: 2 } as never),
    )) as InvalidParameterError;
    expect(error.issues[0]?.field).toBe('gpu_count');
    expect(error.message).toMatch(/did you mean "gpuCount"/);
  });

  it('naming every bad field at once, with the rule each breaks', async () => {
    const error = (await caught(
      () =>
        new ResourceConfig({
          gpuEnabled: false,
          gpuCount: 2,
          memoryGb: -1,
          cpuCount: 1.5,
          max_runtime_hours: 3,
        } as never),
    )) as InvalidParameterError;
    expect(error.issues.map((issue) => issue.field).sort()).toEqual(
      ['cpuCount', 'gpuCount', 'max_runtime_hours', 'memoryGb'].sort(),
    );
    for (const field of ['gpuCount', 'memoryGb', 'cpuCount', 'max_runtime_hours', 'maxRuntimeHours']) {
      expect(error.message).toContain(field);
    }
    expect(error.code).toBe('INVALID_PARAMETER');
    expect(error.retryable).toBe(false);
  });

  it('for custom params that are not JSON', async () => {
    const issues = await issuesOf({ customParams: { when: new Date(0) } });
    expect(issues[0]?.field).toBe('customParams.when');
  });
});
