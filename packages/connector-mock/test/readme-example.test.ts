// The README's first example, verbatim: if this test changes, change the README too.
import { JobStatus, waitForCompletion } from '@neural/integrations-core';
import { createManualClock } from '@neural/integrations-core/testing';
import { expect, it } from 'vitest';
import { MockConnector } from '../src/index.js';

it('README: an app test drives a job to completion on a manual clock', async () => {
  const clock = createManualClock();
  const connector = new MockConnector({ clock, queueMs: 100, durationMs: 5_000 });

  const jobId = await connector.submitJob({
    code: '# @fake metrics={"accuracy":0.93}\nprint("trained")',
    jobName: 'train-1',
  });
  const done = waitForCompletion(connector, jobId, { clock, pollIntervalMs: 1_000 });
  await clock.advance(10_000); // no real waiting: the job runs on the manual clock

  const result = await done;
  expect(result.status).toBe(JobStatus.SUCCEEDED);
  expect(result.output).toBe('trained');
  expect(result.metrics).toEqual({ accuracy: 0.93 });
  expect(connector.calls.submitJob).toHaveLength(1);
});
