/**
 * A job as a Databricks one-time run: where its code is imported in the workspace, the import request, and the
 * `runs/submit` body. The idempotency key travels twice: as the run's `idempotency_token` (Databricks then
 * never starts a second run for it) and in the name of the imported file, which `runs/list` returns, so a
 * crash between submit and journal write can be reconciled.
 */
import { createHash } from 'node:crypto';
import type { ParsedSubmitJobRequest } from '@neural/integrations-core';
import { type ClusterChoice, clusterFor, type NodeTypeTable, parseCustomParams } from './cluster.js';

/** Where job code is imported when `customParams.workspaceDir` does not say. */
export const DEFAULT_WORKSPACE_DIR = '/Shared/neural-jobs';
/** What starts the file name of every job's code; the encoded idempotency key follows it. */
const CODE_FILE_PREFIX = 'neural-';
/** Databricks refuses longer idempotency tokens. */
const MAX_IDEMPOTENCY_TOKEN = 64;

/** The `idempotency_token` of `key`: the key itself when it fits, else its SHA-256 (64 hex characters). */
export function idempotencyToken(key: string): string {
  return key.length <= MAX_IDEMPOTENCY_TOKEN ? key : createHash('sha256').update(key).digest('hex');
}

/** The workspace path of a job's code (without `.py` for a notebook, which Databricks stores extension-less). */
export function codePath(workspaceDir: string, key: string, taskType: 'python' | 'notebook'): string {
  const name = `${CODE_FILE_PREFIX}${Buffer.from(key, 'utf8').toString('base64url')}`;
  return `${workspaceDir}/${name}${taskType === 'python' ? '.py' : ''}`;
}

/** The idempotency key a code path carries, or `undefined` for a run this connector did not submit. */
export function keyFromCodePath(path: string | undefined): string | undefined {
  const name = path?.split('/').at(-1)?.replace(/\.py$/, '');
  if (!name?.startsWith(CODE_FILE_PREFIX)) return undefined;
  const encoded = name.slice(CODE_FILE_PREFIX.length);
  if (!/^[A-Za-z0-9_-]+$/.test(encoded)) return undefined;
  const key = Buffer.from(encoded, 'base64url').toString('utf8');
  // Only an exact round trip counts: a file someone named by hand is not a tag.
  return Buffer.from(key, 'utf8').toString('base64url') === encoded ? key : undefined;
}

/** Everything `submitJob` sends, built (and validated) before the first request. */
export interface RunSpec {
  /** The folder the code goes in (created first). */
  readonly workspaceDir: string;
  /** The body of `POST /api/2.0/workspace/import`. */
  readonly importRequest: Readonly<Record<string, unknown>>;
  /** The body of `POST /api/2.1/jobs/runs/submit`. */
  readonly submitRequest: Readonly<Record<string, unknown>>;
}

/** Sets environment variables from inside the code, where the cluster's own cannot be set (an existing cluster). */
function environmentPreamble(environment: Readonly<Record<string, string>>): string {
  if (Object.keys(environment).length === 0) return '';
  return `import os as _neural_os\n_neural_os.environ.update(${JSON.stringify(environment)})\ndel _neural_os\n`;
}

/** The requests of one submit; throws `InvalidParameterError` for resources Databricks cannot honour. */
export function buildRunSpec(job: ParsedSubmitJobRequest, key: string, nodeTypes: NodeTypeTable): RunSpec {
  const params = parseCustomParams(job.resourceConfig.customParams);
  const taskType = params.taskType ?? 'python';
  const workspaceDir = params.workspaceDir ?? DEFAULT_WORKSPACE_DIR;
  const cluster: ClusterChoice = clusterFor(job.resourceConfig, params, nodeTypes, job.environment);
  const onExistingCluster = 'existing_cluster_id' in cluster;
  const code = `${onExistingCluster ? environmentPreamble(job.environment) : ''}${job.code}`;
  const path = codePath(workspaceDir, key, taskType);
  const importRequest =
    taskType === 'notebook'
      ? { path, format: 'SOURCE', language: 'PYTHON', content: base64(code), overwrite: true }
      : // AUTO with a `.py` name and no notebook header imports a workspace file, which spark_python_task runs.
        { path, format: 'AUTO', content: base64(code), overwrite: true };
  const task =
    taskType === 'notebook'
      ? { notebook_task: { notebook_path: path, source: 'WORKSPACE' } }
      : { spark_python_task: { python_file: path, source: 'WORKSPACE' } };
  const maxRuntimeHours = job.resourceConfig.maxRuntimeHours;
  const submitRequest = {
    run_name: job.jobName ?? 'neural-job',
    idempotency_token: idempotencyToken(key),
    ...(maxRuntimeHours !== undefined ? { timeout_seconds: Math.ceil(maxRuntimeHours * 3600) } : {}),
    tasks: [
      {
        task_key: 'main',
        ...cluster,
        ...task,
        ...(job.dependencies.length > 0
          ? { libraries: job.dependencies.map((requirement) => ({ pypi: { package: requirement } })) }
          : {}),
      },
    ],
  };
  return { workspaceDir, importRequest, submitRequest };
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
