import { stat } from 'node:fs/promises';
import {
  AuthenticationError,
  InvalidParameterError,
  isLegalTransition,
  JobStatus,
} from '@neural/integrations-core';
import { createManualClock, type ManualClock } from '@neural/integrations-core/testing';
import { describe, expect, it } from 'vitest';
import * as batchSubmission from '../src/batch-submission.js';
import * as credentialManagement from '../src/credential-management.js';
import { createDemo } from '../src/demo.js';
import * as errorHandling from '../src/error-handling.js';
import * as jobManagement from '../src/job-management.js';
import * as main from '../src/main.js';
import * as outputFormatting from '../src/output-formatting.js';
import * as polling from '../src/polling.js';
import * as resourceConfiguration from '../src/resource-configuration.js';

/** Runs an example on a manual clock, moving time to each next wake-up until the example is done. */
async function runExample<T>(example: {
  run(options: { clock: ManualClock; print: (line: string) => void }): Promise<T>;
}): Promise<{ value: T; printed: string }> {
  const clock = createManualClock();
  const lines: string[] = [];
  let settled = false;
  const outcome = example.run({ clock, print: (line) => lines.push(line) }).then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  void outcome.then(() => {
    settled = true;
  });
  while (!settled) {
    // When nothing sleeps on the clock the example is doing real I/O (files): let it.
    if (!(await clock.runNext())) await new Promise((resolve) => setImmediate(resolve));
  }
  const result = await outcome;
  if (!result.ok) throw result.error;
  return { value: result.value, printed: lines.join('\n') };
}

describe('main', () => {
  it('submits a job through MyPlatformConnector, waits, and prints the formatted result', async () => {
    const { value, printed } = await runExample(main);
    expect(value.result.status).toBe(JobStatus.SUCCEEDED);
    expect(value.result.output).toBe('Hello from Neural DSL!\naccuracy: 0.93');
    expect(value.formatted).toMatch(
      /^Job mp-\S+: SUCCEEDED \(done\)\n {2}Duration: 0\.08s\nOutput:\n {2}Hello/,
    );
    expect(printed).toContain('status: pending\n  status: running\n  status: succeeded');
    expect(printed).toContain(value.formatted);
  });
});

describe('resource configuration', () => {
  it('builds the seed configs and refuses a snake_case one with a hint', async () => {
    const { value, printed } = await runExample(resourceConfiguration);
    expect(value.cpuConfig).toMatchObject({
      instanceType: 'standard',
      cpuCount: 4,
      memoryGb: 16,
      diskSizeGb: 100,
    });
    expect(value.gpuConfig).toMatchObject({ gpuEnabled: true, gpuCount: 2, maxRuntimeHours: 24 });
    expect(value.customConfig.customParams).toEqual({
      priority: 'high',
      preemptible: false,
      zone: 'us-east-1a',
    });
    expect(value.rejection?.issues.map((issue) => issue.field).sort()).toEqual(['gpu_count', 'memoryGb']);
    expect(printed).toContain('did you mean "gpuCount"?');
  });
});

describe('job management', () => {
  it('submits, monitors, lists, filters and cancels', async () => {
    const { value, printed } = await runExample(jobManagement);
    expect(value.firstStatus).toBe(JobStatus.PENDING);
    expect(value.result).toMatchObject({ status: JobStatus.SUCCEEDED, durationSeconds: 0.08 });
    expect(value.result.output).toBe('epoch 1: loss 0.41\nepoch 2: loss 0.22');
    expect(value.logs).toContain('started with 2 dependencies');
    expect(value.logs).toContain(value.result.output);
    expect(value.cancelled).toBe(true);
    expect(value.cancelledAgain).toBe(false);
    expect(value.jobs.map((job) => [job.name, job.status])).toEqual([
      ['to-cancel', JobStatus.CANCELLED],
      ['my-training-job', JobStatus.SUCCEEDED],
    ]);
    expect(value.succeeded.map((job) => job.id)).toEqual([value.jobId]);
    expect(printed).toContain('Job cancelled successfully');
  });
});

describe('error handling', () => {
  it('meets every failure as a typed CloudException', async () => {
    const { value, printed } = await runExample(errorHandling);
    expect(value.accepted).toBe(false);
    expect(value.caught).toEqual([
      AuthenticationError.name,
      InvalidParameterError.name,
      'JobNotFoundError',
      'CloudConnectionError',
    ]);
    expect(value.jobId).toMatch(/^mp-/);
    expect(printed).toContain('jobName');
    expect(printed).not.toContain('mp-demo-key');
  });
});

describe('credential management', () => {
  it('saves a private file, loads it, and refuses a world-readable one', async () => {
    const { value } = await runExample(credentialManagement);
    expect(value.mode).toBe(0o600);
    expect(value.loaded).toEqual({ apiKey: expect.any(String), endpoint: 'https://api.myplatform.example' });
    if (process.platform !== 'win32') expect(value.refused?.message).toMatch(/accessible by other users/);
    // The temporary folder is gone afterwards: the example never leaves credentials behind.
    await expect(stat(value.filepath)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('output formatting', () => {
  it('formats a success and a failure', async () => {
    const { value } = await runExample(outputFormatting);
    expect(value.formatted[0]).toMatch(/SUCCEEDED[\s\S]*Output:\n {2}model saved to model\.pt/);
    expect(value.formatted[1]).toMatch(/FAILED \(error\)[\s\S]*Error:\n {2}learning rate must be positive/);
    expect(value.formatted[1]).not.toContain('Output:');
  });
});

describe('polling', () => {
  it('waits through legal transitions, and a timeout cancels the slow job', async () => {
    const { value } = await runExample(polling);
    expect(value.result.status).toBe(value.expectedFinal);
    expect(value.changes.map((change) => change.status)).toEqual([
      JobStatus.PENDING,
      JobStatus.RUNNING,
      JobStatus.SUCCEEDED,
    ]);
    for (const change of value.changes) {
      if (change.previous) expect(isLegalTransition(change.previous, change.status)).toBe(true);
    }
    expect(value.timeout?.cancelled).toBe(true);
    expect(value.slowStatus).toBe(JobStatus.CANCELLED);
  });
});

describe('batch submission', () => {
  it('lines ids up with the input, keeps the failure, and makes no duplicate on a retried blip', async () => {
    const { value } = await runExample(batchSubmission);
    const { jobIds, failures } = value.batch;
    expect(jobIds).toHaveLength(5);
    expect(jobIds[2]).toBeNull();
    expect(jobIds.filter((id) => id !== null)).toHaveLength(4);
    expect(failures.map((failure) => failure.index)).toEqual([2]);
    expect(InvalidParameterError.isInstance(failures[0]!.error)).toBe(true);
    expect(value.jobsOnPlatform).toHaveLength(4);
    expect(value.results.map((result) => result.output).sort()).toEqual([
      'experiment 1',
      'experiment 2',
      'experiment 4',
      'experiment 5',
    ]);
  });
});

describe('MyPlatformConnector', () => {
  it('keeps its API key and token out of JSON', async () => {
    const { connector } = createDemo();
    await connector.authenticate();
    expect(JSON.stringify(connector)).not.toMatch(/mp-demo-key|tok_/);
  });

  it('reports that it supports no optional method but idempotent submits', () => {
    const { connector } = createDemo();
    expect(connector.capabilities).toMatchObject({
      deployModel: false,
      followLogs: false,
      idempotency: true,
    });
  });
});
