import { formatJobOutput, type JobResult, waitForCompletion } from '@neural/integrations-core';
import { createDemo, type ExampleOptions, runIfMain } from './demo.js';

/**
 * The main job: submit a job through `MyPlatformConnector`, wait for it, print the formatted result.
 * Run it with `npx pnpm@10.34.8 --filter @neural/example-seed start`.
 */
export async function run(options: ExampleOptions = {}): Promise<{ result: JobResult; formatted: string }> {
  const { connector, clock, print } = createDemo(options);
  print(`Authenticated: ${await connector.authenticate()}`);

  const jobId = await connector.submitJob({
    code: "print('Hello from Neural DSL!')\nprint('accuracy: 0.93')",
    resourceConfig: { instanceType: 'standard', gpuEnabled: false },
    jobName: 'hello-neural',
  });
  print(`Submitted ${jobId}`);

  const result = await waitForCompletion(connector, jobId, {
    clock,
    pollIntervalMs: 10,
    timeoutMs: 60_000,
    onStatus: (change) => print(`  status: ${change.status}`),
  });
  const formatted = formatJobOutput(result);
  print(formatted);
  return { result, formatted };
}

runIfMain(import.meta, run);
