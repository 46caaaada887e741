import { JobStatus } from '@neural/integrations-core';
import { describe, expect, it } from 'vitest';
import { mapRunState, rawRunState } from '../src/states.js';

describe('the state table', () => {
  it.each([
    ['QUEUED', undefined, JobStatus.PENDING],
    ['PENDING', undefined, JobStatus.PENDING],
    ['BLOCKED', undefined, JobStatus.PENDING],
    ['WAITING_FOR_RETRY', undefined, JobStatus.PENDING],
    ['RUNNING', undefined, JobStatus.RUNNING],
    ['TERMINATING', undefined, JobStatus.RUNNING],
    ['TERMINATED', 'SUCCESS', JobStatus.SUCCEEDED],
    ['TERMINATED', 'SUCCESS_WITH_FAILURES', JobStatus.SUCCEEDED],
    ['TERMINATED', 'FAILED', JobStatus.FAILED],
    ['TERMINATED', 'TIMEDOUT', JobStatus.FAILED],
    ['TERMINATED', 'UPSTREAM_FAILED', JobStatus.FAILED],
    ['TERMINATED', 'MAXIMUM_CONCURRENT_RUNS_REACHED', JobStatus.FAILED],
    ['TERMINATED', 'CANCELED', JobStatus.CANCELLED],
    ['TERMINATED', 'UPSTREAM_CANCELED', JobStatus.CANCELLED],
    ['TERMINATED', 'EXCLUDED', JobStatus.CANCELLED],
    ['INTERNAL_ERROR', 'FAILED', JobStatus.FAILED],
    ['INTERNAL_ERROR', undefined, JobStatus.FAILED],
    ['SKIPPED', undefined, JobStatus.FAILED],
    ['SKIPPED', 'CANCELED', JobStatus.CANCELLED],
  ] as const)('%s with result %s is %s', (lifeCycle, result, status) => {
    expect(mapRunState(lifeCycle, result)).toBe(status);
  });

  it('maps what it does not know to unknown, never to a guess', () => {
    expect(mapRunState('HIBERNATING')).toBe(JobStatus.UNKNOWN);
    expect(mapRunState('TERMINATED')).toBe(JobStatus.UNKNOWN);
    expect(mapRunState('TERMINATED', 'PARTIALLY_DONE')).toBe(JobStatus.UNKNOWN);
    expect(mapRunState('toString')).toBe(JobStatus.UNKNOWN);
  });

  it('keeps both states in rawState', () => {
    expect(rawRunState('TERMINATED', 'FAILED')).toBe('TERMINATED/FAILED');
    expect(rawRunState('RUNNING')).toBe('RUNNING');
  });
});
