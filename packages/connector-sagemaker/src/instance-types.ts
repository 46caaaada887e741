import { InvalidParameterError, type ResourceConfig } from '@neural/integrations-core';

/** How `resourceConfig` picks an ML instance type; every table can be replaced in the connector's options. */
export interface InstanceTypeTable {
  /** The instance type of a job that asks for no GPU and names no type. */
  readonly cpu: string;
  /** GPU instance types by the GPUs each has: the smallest with at least `gpuCount` GPUs is chosen. */
  readonly gpu: Readonly<Record<number, string>>;
  /** `resourceConfig.instanceType` names the contract's examples use, mapped to ML instance types. */
  readonly aliases: Readonly<Record<string, string>>;
}

/**
 * The default table: `ml.m5.xlarge` (4 vCPUs, 16 GiB) without GPUs; `ml.g5.xlarge` (1 A10G),
 * `ml.g5.12xlarge` (4 A10G) and `ml.p4d.24xlarge` (8 A100) by GPU count; aliases for `standard`, `cpu`,
 * `cpu-large`, `gpu`, `gpu-standard`, `gpu-large`.
 */
export const DEFAULT_INSTANCE_TYPES: InstanceTypeTable = Object.freeze({
  cpu: 'ml.m5.xlarge',
  gpu: Object.freeze({ 1: 'ml.g5.xlarge', 4: 'ml.g5.12xlarge', 8: 'ml.p4d.24xlarge' }),
  aliases: Object.freeze({
    standard: 'ml.m5.xlarge',
    cpu: 'ml.m5.xlarge',
    'cpu-large': 'ml.m5.4xlarge',
    gpu: 'ml.g5.xlarge',
    'gpu-standard': 'ml.g5.xlarge',
    'gpu-large': 'ml.g5.12xlarge',
  }),
});

/** The ML instance type and count of a job, and how many GPUs each instance has (0 for a CPU type). */
export interface ChosenInstances {
  readonly instanceType: string;
  readonly instanceCount: number;
  readonly gpusPerInstance: number;
}

const ML_TYPE = /^ml\.[a-z0-9]+\.[a-z0-9]+$/;

/**
 * Chooses the instances, in this order: `customParams.instanceType`; `resourceConfig.instanceType` when it is
 * an ML type (`ml.…`); an alias of the table (such as the default `standard`) unless GPUs are asked for that
 * its type lacks; a GPU type with at least `gpuCount` GPUs (1 when only `gpuEnabled`), several instances of
 * the largest when none has enough; the table's CPU type. `customParams.instanceCount` overrides the count.
 */
export function chooseInstances(
  config: ResourceConfig,
  table: InstanceTypeTable,
  custom: { instanceType?: string | undefined; instanceCount?: number | undefined },
): ChosenInstances {
  const gpuOf = (type: string) =>
    Number(Object.entries(table.gpu).find(([, candidate]) => candidate === type)?.[0] ?? 0);
  const count = (type: string, fallback = 1): ChosenInstances => ({
    instanceType: type,
    instanceCount: custom.instanceCount ?? fallback,
    gpusPerInstance: gpuOf(type),
  });
  if (custom.instanceType !== undefined) return count(custom.instanceType);
  const named = config.instanceType;
  if (named !== undefined && ML_TYPE.test(named)) return count(named);
  const gpus = config.gpuEnabled ? Math.max(1, config.gpuCount ?? 1) : 0;
  const alias = named !== undefined && named !== '' ? table.aliases[named] : undefined;
  if (named !== undefined && named !== '' && alias === undefined) {
    throw InvalidParameterError.fromIssues('submitJob request', [
      {
        field: 'resourceConfig.instanceType',
        rule: `must be an ML instance type such as ml.m5.xlarge, or one of ${Object.keys(table.aliases).join(', ')}`,
      },
    ]);
  }
  // An alias that names a GPU type with enough GPUs is honoured; otherwise the GPU count decides.
  if (alias !== undefined && (gpus === 0 || gpuOf(alias) >= gpus)) return count(alias);
  if (gpus === 0) return count(table.cpu);
  const sizes = Object.keys(table.gpu)
    .map(Number)
    .sort((a, b) => a - b);
  const fits = sizes.find((size) => size >= gpus);
  const size = fits ?? (sizes.at(-1) as number);
  if (size === undefined) {
    throw InvalidParameterError.fromIssues('submitJob request', [
      {
        field: 'resourceConfig.gpuCount',
        rule: 'asks for GPUs, but the instance-type table has no GPU type',
      },
    ]);
  }
  return {
    instanceType: table.gpu[size] as string,
    instanceCount: custom.instanceCount ?? (fits === undefined ? Math.ceil(gpus / size) : 1),
    gpusPerInstance: size,
  };
}
