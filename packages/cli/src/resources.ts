import type { ResourceConfigInput } from '@neural/integrations-core';
import type { Command } from 'commander';
import { positiveNumber, wholeNumber } from './parse.js';

/** The resource flags of `submit` (and the defaults of `platforms add`). */
export interface ResourceFlags {
  gpus?: number;
  memory?: number;
  cpus?: number;
  maxHours?: number;
  disk?: number;
  instanceType?: string;
}

/** Adds `--gpus --memory --cpus --max-hours --disk --instance-type` to a command. */
export function addResourceOptions(command: Command, prefix = ''): Command {
  return command
    .option('--gpus <n>', `${prefix}GPUs (0 for none)`, wholeNumber('--gpus', 0))
    .option('--memory <gb>', `${prefix}memory in GB`, positiveNumber('--memory'))
    .option('--cpus <n>', `${prefix}CPUs`, wholeNumber('--cpus', 1))
    .option('--max-hours <h>', `${prefix}longest run time in hours`, positiveNumber('--max-hours'))
    .option('--disk <gb>', `${prefix}disk in GB`, positiveNumber('--disk'))
    .option('--instance-type <type>', `${prefix}instance type`);
}

/** The flags over the platform's defaults, as a `ResourceConfig` input (validated where it is used). */
export function resourcesFromFlags(defaults: ResourceConfigInput, flags: ResourceFlags): ResourceConfigInput {
  const resources: ResourceConfigInput = { ...defaults };
  if (flags.gpus !== undefined) {
    resources.gpuEnabled = flags.gpus > 0;
    resources.gpuCount = flags.gpus;
  }
  if (flags.memory !== undefined) resources.memoryGb = flags.memory;
  if (flags.cpus !== undefined) resources.cpuCount = flags.cpus;
  if (flags.maxHours !== undefined) resources.maxRuntimeHours = flags.maxHours;
  if (flags.disk !== undefined) resources.diskSizeGb = flags.disk;
  if (flags.instanceType !== undefined) resources.instanceType = flags.instanceType;
  return resources;
}
