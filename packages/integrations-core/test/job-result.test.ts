import { describe, expect, it } from 'vitest';
import { InvalidParameterError, JobResult, JobResultSchema, JobSummarySchema } from '../src/index.js';

describe('JobResult', () => {
  it('has the seed defaults: no metrics, no artifacts, optional everything else', () => {
    const result = new JobResult({ jobId: 'job-1', status: 'succeeded' });
    expect(result.metrics).toEqual({});
    expect(result.artifacts).toEqual([]);
    expect(result.output).toBeUndefined();
    expect(result.error).toBeUndefined();
    expect(result.logsUrl).toBeUndefined();
    expect(result.durationSeconds).toBeUndefined();
    expect(result.toJSON()).toEqual({ jobId: 'job-1', status: 'succeeded', metrics: {}, artifacts: [] });
  });

  it('keeps every field of the seed, and the raw platform state beside the normalised one', () => {
    const input = {
      jobId: 'job-2',
      status: 'failed' as const,
      output: 'partial',
      error: 'out of memory',
      metrics: { loss: 0.25, history: [1, 0.5] },
      artifacts: ['model.pt'],
      logsUrl: 'https://logs/job-2',
      durationSeconds: 10.5,
      rawState: 'OUT_OF_MEMORY',
    };
    expect(new JobResult(input).toJSON()).toEqual(input);
  });

  it('is immutable, metrics and artifacts included', () => {
    const result = new JobResult({
      jobId: 'j',
      status: 'running',
      metrics: { a: { b: 1 } },
      artifacts: ['x'],
    });
    expect(Object.isFrozen(result)).toBe(true);
    expect(Object.isFrozen(result.metrics.a)).toBe(true);
    expect(Object.isFrozen(result.artifacts)).toBe(true);
  });

  it('rejects an unknown status, an empty id, a negative duration and unknown keys, naming each', () => {
    let error: unknown;
    try {
      new JobResult({ jobId: '', status: 'done', durationSeconds: -1, job_id: 'x' } as never);
    } catch (caught) {
      error = caught;
    }
    expect(InvalidParameterError.isInstance(error)).toBe(true);
    const fields = (error as InvalidParameterError).issues.map((issue) => issue.field).sort();
    expect(fields).toEqual(['durationSeconds', 'jobId', 'job_id', 'status']);
    expect((error as Error).message).toMatch(/did you mean "jobId"/);
    expect(JobResultSchema.safeParse({ jobId: 'a', status: 'pending' }).success).toBe(true);
  });
});

describe('JobSummary', () => {
  it('is one listJobs entry: id, name, status, created time and raw state, dates coerced', () => {
    const summary = JobSummarySchema.parse({
      id: 'job-1',
      name: 'train',
      status: 'running',
      rawState: 'COMPLETING',
      createdAt: '2026-01-01T00:00:00Z',
    });
    expect(summary.createdAt).toEqual(new Date('2026-01-01T00:00:00Z'));
    expect(summary.rawState).toBe('COMPLETING');
    expect(JobSummarySchema.safeParse({ id: 'x', status: 'nope', createdAt: 'never' }).success).toBe(false);
  });
});
