import { InvalidParameterError, ResourceConfig, type ResourceConfigInput } from '@neural/integrations-core';
import type { ExampleOptions } from './demo.js';
import { runIfMain } from './demo.js';

/** The seed's "Resource Configuration": CPU, GPU and custom configurations, and what a mistake looks like. */
export async function run(options: ExampleOptions = {}) {
  const print = options.print ?? ((line: string) => console.log(line));

  const cpuConfig = new ResourceConfig({
    instanceType: 'standard',
    gpuEnabled: false,
    memoryGb: 16,
    cpuCount: 4,
    diskSizeGb: 100,
  });
  const gpuConfig = new ResourceConfig({
    instanceType: 'gpu-standard',
    gpuEnabled: true,
    gpuCount: 2,
    memoryGb: 64,
    maxRuntimeHours: 24,
    autoShutdown: true,
  });
  const customConfig = new ResourceConfig({
    instanceType: 'custom',
    customParams: { priority: 'high', preemptible: false, zone: 'us-east-1a' },
  });
  for (const [name, config] of Object.entries({ cpuConfig, gpuConfig, customConfig })) {
    print(`${name}: ${JSON.stringify(config)}`);
  }

  // A config written with the Python seed's names is refused, with a hint, before anything is sent.
  let rejection: InvalidParameterError | undefined;
  try {
    new ResourceConfig({ gpu_count: 2, gpuEnabled: false, memoryGb: -1 } as unknown as ResourceConfigInput);
  } catch (error) {
    if (!InvalidParameterError.isInstance(error)) throw error;
    rejection = error;
    print(error.message);
  }
  return { cpuConfig, gpuConfig, customConfig, rejection };
}

runIfMain(import.meta, run);
