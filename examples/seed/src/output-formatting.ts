import { formatJobOutput, waitForCompletion } from '@neural/integrations-core';
import { createDemo, type ExampleOptions, runIfMain } from './demo.js';

/** The seed's "Output Formatting": readable text of a job's result, for a success and for a failure. */
export async function run(options: ExampleOptions = {}) {
  const { connector, clock, print } = createDemo(options);
  const ok = await connector.submitJob({ code: "print('model saved to model.pt')", jobName: 'train' });
  const broken = await connector.submitJob({ code: "raise ValueError('learning rate must be positive')" });

  const formatted: string[] = [];
  for (const jobId of [ok, broken]) {
    await waitForCompletion(connector, jobId, { clock, pollIntervalMs: 10 });
    const result = await connector.getJobResult(jobId);
    const text = formatJobOutput(result);
    formatted.push(text);
    print(text);
  }
  return { formatted };
}

runIfMain(import.meta, run);
