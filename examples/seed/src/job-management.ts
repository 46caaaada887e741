import { JobStatus, waitForCompletion } from '@neural/integrations-core';
import { createDemo, type ExampleOptions, runIfMain } from './demo.js';

/** The seed's "Job Management": submit, monitor (status, result, logs), list, filter and cancel. */
export async function run(options: ExampleOptions = {}) {
  const { connector, clock, print } = createDemo(options);

  // Submitting
  const jobId = await connector.submitJob({
    code: "print('epoch 1: loss 0.41')\nprint('epoch 2: loss 0.22')",
    resourceConfig: { instanceType: 'gpu-standard', gpuEnabled: true, gpuCount: 2, memoryGb: 64 },
    environment: { PYTHONPATH: '/app' },
    dependencies: ['tensorflow>=2.12', 'numpy>=1.23'],
    jobName: 'my-training-job',
  });
  print(`Submitted ${jobId}`);

  // Monitoring
  const firstStatus = await connector.getJobStatus(jobId);
  print(`Status: ${firstStatus}`);
  const result = await waitForCompletion(connector, jobId, { clock, pollIntervalMs: 10 });
  print(`Status: ${result.status}`);
  print(`Output: ${result.output}`);
  print(`Metrics: ${JSON.stringify(result.metrics)}`);
  print(`Duration: ${result.durationSeconds}s`);
  const logs = await connector.getLogs(jobId);
  print(logs);

  // Cancelling a second job while it is still queued
  const doomed = await connector.submitJob({ code: "print('never printed')", jobName: 'to-cancel' });
  const cancelled = await connector.cancelJob(doomed);
  if (cancelled) print('Job cancelled successfully');
  const cancelledAgain = await connector.cancelJob(jobId); // already finished: nothing to cancel
  print(`Cancelling a finished job: ${cancelledAgain}`);

  // Listing
  const jobs = await connector.listJobs({ limit: 20 });
  for (const job of jobs) print(`  ${job.id} ${job.name ?? ''} ${job.status}`);
  const succeeded = await connector.listJobs({ limit: 10, statusFilter: JobStatus.SUCCEEDED });
  print(`Succeeded jobs: ${succeeded.length}`);

  return { jobId, firstStatus, result, logs, cancelled, cancelledAgain, jobs, succeeded };
}

runIfMain(import.meta, run);
