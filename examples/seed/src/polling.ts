import {
  JobStatus,
  type JobStatusChange,
  JobTimeoutError,
  waitForCompletion,
} from '@neural/integrations-core';
import { createDemo, type ExampleOptions, runIfMain } from './demo.js';

/**
 * The seed's "Polling Pattern", as the library's `waitForCompletion`: backoff between polls, a timeout that
 * can cancel the job, and a signal to stop waiting.
 */
export async function run(options: ExampleOptions = {}) {
  const { connector, clock, print } = createDemo(options);

  const jobId = await connector.submitJob({ code: "print('polled to completion')" });
  const changes: JobStatusChange[] = [];
  const result = await waitForCompletion(connector, jobId, {
    clock,
    pollIntervalMs: 5,
    maxPollIntervalMs: 40,
    timeoutMs: 10_000,
    onStatus: (change) => {
      changes.push(change);
      print(`${change.previous ?? 'submitted'} -> ${change.status}`);
    },
  });
  print(`Finished: ${result.status}, output ${JSON.stringify(result.output)}`);

  // A job that takes longer than we are willing to wait: the timeout cancels it, as asked.
  const slowJobId = await connector.submitJob({ code: "print('too slow')" });
  let timeout: JobTimeoutError | undefined;
  try {
    await waitForCompletion(connector, slowJobId, {
      clock,
      pollIntervalMs: 5,
      timeoutMs: 10,
      cancelOnTimeout: true,
    });
  } catch (error) {
    if (!JobTimeoutError.isInstance(error)) throw error;
    timeout = error;
    print(error.message);
  }
  const slowStatus = await connector.getJobStatus(slowJobId);
  print(`The slow job is now ${slowStatus}`);

  return { result, changes, timeout, slowStatus, expectedFinal: JobStatus.SUCCEEDED };
}

runIfMain(import.meta, run);
