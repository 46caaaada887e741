import { batchSubmitJobs, type SubmitJobRequest, waitForCompletion } from '@neural/integrations-core';
import { createDemo, type ExampleOptions, runIfMain } from './demo.js';

/**
 * The seed's "Batch Submission Pattern", as the library's `batchSubmitJobs`: bounded concurrency, one id or
 * `null` per job (lined up with the input), and every failure kept with its error.
 */
export async function run(options: ExampleOptions = {}) {
  const { connector, platform, clock, print } = createDemo(options);
  const jobs: SubmitJobRequest[] = [
    { code: "print('experiment 1')", jobName: 'exp-1' },
    { code: "print('experiment 2')", jobName: 'exp-2' },
    { code: "print('experiment 3')", jobName: 'not a valid name!' },
    { code: "print('experiment 4')", jobName: 'exp-4' },
    { code: "print('experiment 5')", jobName: 'exp-5' },
  ];

  await connector.authenticate();
  platform.failNextRequests(1); // a blip: retried safely, since every submit carries an idempotency key
  const batch = await batchSubmitJobs(connector, jobs, {
    concurrency: 2,
    clock,
    onProgress: ({ done, total }) => print(`  ${done}/${total} submitted or failed`),
  });
  for (const [index, jobId] of batch.jobIds.entries()) print(`job ${index + 1}: ${jobId ?? 'not submitted'}`);
  for (const failure of batch.failures) {
    print(`job ${failure.index + 1} failed: ${failure.error.message.split('\n').join(' ')}`);
  }

  const results = await Promise.all(
    batch.jobIds
      .filter((jobId): jobId is string => jobId !== null)
      .map((jobId) => waitForCompletion(connector, jobId, { clock, pollIntervalMs: 10 })),
  );
  print(`Outputs: ${results.map((result) => result.output).join(', ')}`);
  const jobsOnPlatform = await connector.listJobs({ limit: 100 });
  return { batch, results, jobsOnPlatform };
}

runIfMain(import.meta, run);
