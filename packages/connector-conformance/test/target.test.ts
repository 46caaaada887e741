import { InvalidParameterError } from '@neural/integrations-core';
import { describe, expect, it } from 'vitest';
import {
  type ConformanceTarget,
  defineConformanceTarget,
  resolveTiming,
  runConformance,
} from '../src/index.js';
import { JOBS, memoryTarget, VALID_KEY } from './support/target.js';

function issuesOf(make: () => unknown): string[] {
  try {
    make();
  } catch (error) {
    if (InvalidParameterError.isInstance(error)) return error.issues.map((issue) => issue.field);
    throw error;
  }
  return [];
}

const base = {
  name: 'x',
  create: () => {
    throw new Error('not called');
  },
  credentials: { valid: { apiKey: VALID_KEY }, invalid: { apiKey: 'sk-wrong-0000' } },
  jobs: JOBS,
};

describe('defineConformanceTarget', () => {
  it('returns a valid target unchanged', () => {
    const target = memoryTarget();
    expect(target.name).toBe('in-memory reference');
    expect(Object.isFrozen(target)).toBe(true);
  });

  it.each([
    ['name', { ...base, name: '' }],
    ['create', { ...base, create: 'new Connector()' }],
    ['credentials.invalid', { ...base, credentials: { valid: { apiKey: 'k' } } }],
    [
      'jobs.succeeds.expectedOutput',
      { ...base, jobs: { ...JOBS, succeeds: { code: 'print(1)', expectedOutput: '' } } },
    ],
    ['jobs.fails.code', { ...base, jobs: { ...JOBS, fails: { code: '  ' } } }],
    ['jobs.runsLong', { ...base, jobs: { succeeds: JOBS.succeeds, fails: JOBS.fails } }],
    ['capabilities.followLogs', { ...base, capabilities: { followLogs: 'yes' } }],
    ['capabilities.streaming', { ...base, capabilities: { streaming: true } }],
    ['timing.pollIntervalMs', { ...base, timing: { pollIntervalMs: -5 } }],
    ['timing.jobTimeout', { ...base, timing: { jobTimeout: 5 } }],
    ['setup', { ...base, setup: 42 }],
    ['jobs.echo', { ...base, jobs: { ...JOBS, echo: 'print' } }],
    ['jobs.printsEnv', { ...base, jobs: { ...JOBS, printsEnv: 42 } }],
    ['requeue', { ...base, requeue: 'scontrol requeue' }],
    ['timing.finalityWindowMs', { ...base, timing: { finalityWindowMs: 0 } }],
    ['credentials', { ...base, credentials: { valid: { apiKey: 'k' }, none: '' } }],
  ])('rejects a bad %s with an InvalidParameterError naming it', (field, target) => {
    expect(issuesOf(() => defineConformanceTarget(target as unknown as ConformanceTarget))).toContain(field);
  });

  it('never echoes a credential value in its error', () => {
    try {
      defineConformanceTarget({ ...base, credentials: { valid: VALID_KEY } } as unknown as ConformanceTarget);
      expect.unreachable();
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(VALID_KEY);
    }
  });

  it('is also applied by runConformance to a plain object', async () => {
    await expect(runConformance({ ...base, name: ' ' } as unknown as ConformanceTarget)).rejects.toSatisfy(
      (error) => InvalidParameterError.isInstance(error) && error.issues[0]?.field === 'name',
    );
  });

  it('fills timing defaults a slow platform can stretch', () => {
    expect(resolveTiming(undefined)).toEqual({
      jobTimeoutMs: 120_000,
      pollIntervalMs: 500,
      maxPollIntervalMs: 5_000,
      terminalRepolls: 3,
      finalityWindowMs: 6_000,
      abortGraceMs: 2_000,
      clauseTimeoutMs: 390_000,
    });
    expect(resolveTiming({ jobTimeoutMs: 3_600_000, pollIntervalMs: 30_000 })).toMatchObject({
      jobTimeoutMs: 3_600_000,
      maxPollIntervalMs: 30_000,
      finalityWindowMs: 180_000,
      clauseTimeoutMs: 10_830_000,
    });
  });
});
