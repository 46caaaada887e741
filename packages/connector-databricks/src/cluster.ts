/**
 * What a job runs on: a new job cluster described by its `ResourceConfig`, or an existing cluster named in
 * `customParams.existingClusterId`. Node types come from a table per cloud that callers may override; every
 * field that has no Databricks meaning is refused, naming the field and what to use instead.
 */
import {
  InvalidParameterError,
  type JsonValue,
  type ParameterIssue,
  parseOrThrow,
  type ResourceConfig,
} from '@neural/integrations-core';
import { z } from 'zod';
import type { DatabricksCloud } from './credentials.js';

/** The node types of one cloud: CPU node types by `instanceType` name, GPU node types by GPU count. */
export interface NodeTypeTable {
  /** `instanceType` names (`standard`, `memory-optimized`, `compute-optimized`) and their node type. */
  readonly cpu: Readonly<Record<string, string>>;
  /** GPU node types, by how many GPUs each has; the smallest with at least `gpuCount` GPUs is chosen. */
  readonly gpu: readonly { readonly gpus: number; readonly nodeType: string }[];
}

/**
 * The default node types, per cloud. `instanceType` values not in `cpu` are taken as node type ids verbatim
 * (`i3.2xlarge`, `Standard_E8ds_v5`), so any node type of the workspace can be asked for.
 */
export const DEFAULT_NODE_TYPES: Readonly<Record<DatabricksCloud, NodeTypeTable>> = Object.freeze({
  aws: {
    cpu: { standard: 'i3.xlarge', 'memory-optimized': 'r5d.xlarge', 'compute-optimized': 'c5d.xlarge' },
    gpu: [
      { gpus: 1, nodeType: 'g4dn.xlarge' },
      { gpus: 4, nodeType: 'g4dn.12xlarge' },
      { gpus: 8, nodeType: 'p4d.24xlarge' },
    ],
  },
  azure: {
    cpu: {
      standard: 'Standard_DS3_v2',
      'memory-optimized': 'Standard_E4ds_v4',
      'compute-optimized': 'Standard_F4s',
    },
    gpu: [
      { gpus: 1, nodeType: 'Standard_NC4as_T4_v3' },
      { gpus: 4, nodeType: 'Standard_NC64as_T4_v3' },
      { gpus: 8, nodeType: 'Standard_ND96asr_v4' },
    ],
  },
  gcp: {
    cpu: {
      standard: 'n2-standard-4',
      'memory-optimized': 'n2-highmem-4',
      'compute-optimized': 'c2-standard-4',
    },
    gpu: [
      { gpus: 1, nodeType: 'g2-standard-4' },
      { gpus: 4, nodeType: 'g2-standard-48' },
      { gpus: 8, nodeType: 'a2-highgpu-8g' },
    ],
  },
});

/** The Databricks Runtime of a new cluster, unless `customParams.sparkVersion` says otherwise (15.4 LTS). */
export const DEFAULT_SPARK_VERSION = '15.4.x-scala2.12';
/** The ML runtime with GPU libraries, for GPU clusters. */
export const DEFAULT_GPU_SPARK_VERSION = '15.4.x-gpu-ml-scala2.12';

const nonEmpty = z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty');
const workers = z
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(0, 'must not be negative')
  .max(100_000, 'must be at most 100000');

/** The `customParams` the connector understands; any other key is refused (a typo must not pass silently). */
export const DatabricksCustomParamsSchema = z.strictObject({
  existingClusterId: nonEmpty.optional(),
  nodeTypeId: nonEmpty.optional(),
  driverNodeTypeId: nonEmpty.optional(),
  sparkVersion: nonEmpty.optional(),
  numWorkers: workers.optional(),
  autoscale: z
    .strictObject({ minWorkers: workers, maxWorkers: workers })
    .refine((value) => value.maxWorkers > value.minWorkers, 'maxWorkers must be greater than minWorkers')
    .optional(),
  instancePoolId: nonEmpty.optional(),
  policyId: nonEmpty.optional(),
  sparkConf: z.record(z.string(), z.string({ error: 'must be a string' })).optional(),
  clusterSpec: z.record(z.string(), z.json()).optional(),
  taskType: z.enum(['python', 'notebook'], { error: 'must be "python" or "notebook"' }).optional(),
  workspaceDir: z
    .string({ error: 'must be a string' })
    .regex(/^\/[^\0]*[^/]$/, 'must be an absolute workspace folder such as /Shared/neural-jobs')
    .refine((value) => !value.split('/').includes('..'), 'must not hold ".."')
    .optional(),
  clusterLogVolume: z
    .string({ error: 'must be a string' })
    .regex(
      /^\/Volumes\/[^/\0]+\/[^/\0]+\/[^/\0]+(\/[^\0]*)?$/,
      'must be a Unity Catalog volume folder such as /Volumes/main/default/logs',
    )
    .refine((value) => !value.split('/').includes('..'), 'must not hold ".."')
    .optional(),
  workloadSize: z.enum(['Small', 'Medium', 'Large'], { error: 'must be Small, Medium or Large' }).optional(),
});

/** What `ResourceConfig.customParams` may hold for Databricks. */
export type DatabricksCustomParams = z.infer<typeof DatabricksCustomParamsSchema>;

/** Reads `customParams`, refusing unknown keys and bad values with `InvalidParameterError`. */
export function parseCustomParams(customParams: Readonly<Record<string, JsonValue>>): DatabricksCustomParams {
  return parseOrThrow(DatabricksCustomParamsSchema, customParams, 'resourceConfig.customParams', {
    prefix: 'resourceConfig.customParams',
  });
}

/** Where a task runs: `{ existing_cluster_id }` or `{ new_cluster }` (the request's own field names). */
export type ClusterChoice =
  | { readonly existing_cluster_id: string }
  | { readonly new_cluster: Readonly<Record<string, unknown>> };

function refuse(issues: ParameterIssue[]): InvalidParameterError {
  return InvalidParameterError.fromIssues('resourceConfig', issues);
}

/** The node type for `resources`, from `nodeTypeId`, a verbatim `instanceType`, or the table. */
export function chooseNodeType(
  resources: ResourceConfig,
  params: DatabricksCustomParams,
  table: NodeTypeTable,
): string {
  if (params.nodeTypeId) return params.nodeTypeId;
  const named = Object.hasOwn(table.cpu, resources.instanceType);
  if (resources.gpuEnabled) {
    if (!named) return resources.instanceType;
    const node = table.gpu.find((entry) => entry.gpus >= resources.gpuCount);
    if (!node) {
      const most = Math.max(0, ...table.gpu.map((entry) => entry.gpus));
      throw refuse([
        {
          field: 'resourceConfig.gpuCount',
          rule: `no node type in the table has ${resources.gpuCount} GPUs (at most ${most}); use more workers, or set customParams.nodeTypeId`,
        },
      ]);
    }
    return node.nodeType;
  }
  return named ? (table.cpu[resources.instanceType] as string) : resources.instanceType;
}

/**
 * The cluster of a task: an existing one, or a job cluster built from `resources` (see the README's table).
 * Throws `InvalidParameterError` for fields Databricks has no meaning for.
 */
export function clusterFor(
  resources: ResourceConfig,
  params: DatabricksCustomParams,
  table: NodeTypeTable,
  environment: Readonly<Record<string, string>>,
): ClusterChoice {
  const issues: ParameterIssue[] = [];
  const sizedByNodeType =
    'a Databricks node is sized by its node type: choose instanceType or customParams.nodeTypeId';
  if (resources.memoryGb !== undefined)
    issues.push({ field: 'resourceConfig.memoryGb', rule: sizedByNodeType });
  if (resources.cpuCount !== undefined)
    issues.push({ field: 'resourceConfig.cpuCount', rule: sizedByNodeType });
  if (resources.diskSizeGb !== undefined) {
    issues.push({
      field: 'resourceConfig.diskSizeGb',
      rule: 'disks are cloud-specific on Databricks: set them in customParams.clusterSpec (aws_attributes.ebs_volume_size, …)',
    });
  }
  if (params.existingClusterId !== undefined) {
    const newClusterOnly = [
      'nodeTypeId',
      'driverNodeTypeId',
      'sparkVersion',
      'numWorkers',
      'autoscale',
      'instancePoolId',
      'policyId',
      'sparkConf',
      'clusterSpec',
    ] as const;
    for (const key of newClusterOnly) {
      if (params[key] !== undefined) {
        issues.push({
          field: `resourceConfig.customParams.${key}`,
          rule: 'describes a new job cluster and cannot be combined with existingClusterId',
        });
      }
    }
    if (issues.length > 0) throw refuse(issues);
    return { existing_cluster_id: params.existingClusterId };
  }
  if (!resources.autoShutdown) {
    issues.push({
      field: 'resourceConfig.autoShutdown',
      rule: 'a job cluster always terminates when its run ends; for a cluster that stays up, run on it with customParams.existingClusterId',
    });
  }
  if (params.numWorkers !== undefined && params.autoscale !== undefined) {
    issues.push({
      field: 'resourceConfig.customParams.autoscale',
      rule: 'cannot be combined with numWorkers',
    });
  }
  if (issues.length > 0) throw refuse(issues);
  const workers = params.autoscale
    ? { autoscale: { min_workers: params.autoscale.minWorkers, max_workers: params.autoscale.maxWorkers } }
    : { num_workers: params.numWorkers ?? 0 };
  // No workers: a single-node cluster, which Databricks only accepts with these settings.
  const singleNode = params.autoscale === undefined && (params.numWorkers ?? 0) === 0;
  const nodeType = params.instancePoolId ? undefined : chooseNodeType(resources, params, table);
  const cluster: Record<string, unknown> = {
    spark_version:
      params.sparkVersion ?? (resources.gpuEnabled ? DEFAULT_GPU_SPARK_VERSION : DEFAULT_SPARK_VERSION),
    ...(nodeType ? { node_type_id: nodeType } : {}),
    ...(params.driverNodeTypeId ? { driver_node_type_id: params.driverNodeTypeId } : {}),
    ...(params.instancePoolId ? { instance_pool_id: params.instancePoolId } : {}),
    ...(params.policyId ? { policy_id: params.policyId } : {}),
    ...workers,
    spark_conf: {
      ...(singleNode
        ? { 'spark.databricks.cluster.profile': 'singleNode', 'spark.master': 'local[*, 4]' }
        : {}),
      ...params.sparkConf,
    },
    ...(singleNode ? { custom_tags: { ResourceClass: 'SingleNode' } } : {}),
    ...(Object.keys(environment).length > 0 ? { spark_env_vars: { ...environment } } : {}),
    // Driver logs delivered to a volume, where getLogs can read them (Databricks delivers every 5 minutes).
    ...(params.clusterLogVolume
      ? { cluster_log_conf: { volumes: { destination: params.clusterLogVolume.replace(/\/+$/, '') } } }
      : {}),
    ...params.clusterSpec,
  };
  return { new_cluster: cluster };
}
