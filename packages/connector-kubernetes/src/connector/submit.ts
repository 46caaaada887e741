/**
 * Submitting a job: its Job, then its code's ConfigMap owned by the Job. Safe to retry: the Job's name derives
 * from the idempotency key (or is made once per submit), and a `409` for a Job this submit made is the answer.
 */
import type { V1Job } from '@kubernetes/client-node';
import {
  CloudExecutionError,
  InvalidParameterError,
  parseSubmitJobRequest,
  type SubmitJobRequest,
  throwIfAborted,
} from '@neural/integrations-core';
import { isHttpStatus } from '../errors.js';
import { buildJobManifests, type JobDefaults, SUBMISSION_ANNOTATION } from '../job-spec.js';
import { readCancelRecord } from './cancel-record.js';
import type { KubeClient } from './client.js';
import { readJob } from './observe.js';

const MAX_CODE_BYTES = 1_000_000;

/**
 * Creates the job's Job and its code's ConfigMap, and returns the Job's name, which is the job id.
 *
 * @throws InvalidParameterError before anything is sent, for a bad request or `customParams`.
 */
export async function submitJob(
  client: KubeClient,
  defaults: JobDefaults,
  request: SubmitJobRequest,
): Promise<string> {
  const parsed = parseSubmitJobRequest(request);
  const manifests = buildJobManifests(parsed, defaults, client.clock.now());
  const size = Buffer.byteLength(parsed.code) + parsed.dependencies.join('\n').length;
  if (size > MAX_CODE_BYTES) {
    throw InvalidParameterError.fromIssues('submitJob request', [
      {
        field: 'code',
        rule: `must be at most ${MAX_CODE_BYTES} bytes (a ConfigMap holds at most 1 MiB); upload larger code in the image`,
      },
    ]);
  }
  throwIfAborted(parsed.signal);
  const { name, submission } = manifests;
  if (parsed.idempotencyKey !== undefined && (await readCancelRecord(client, name, parsed.signal))) {
    return name; // this key's job was made and then cancelled: it stays the key's job
  }
  let job: V1Job;
  try {
    job = await client.call(
      'submitJob',
      client.permission('create', 'jobs', 'batch'),
      (o) => client.batch.createNamespacedJob({ namespace: client.namespace, body: manifests.job }, o),
      parsed.signal,
    );
  } catch (error) {
    if (!isHttpStatus(error, 409)) throw error;
    job = await readJob(client, 'submitJob', name, parsed.signal).then((found) => {
      if (!found) throw error;
      return found;
    });
    if (job.metadata?.annotations?.[SUBMISSION_ANNOTATION] !== submission) {
      throw new CloudExecutionError(
        `submitJob failed: a Job named "${name}" already exists in namespace "${client.namespace}" and was not made by this submit`,
        { code: 'NAME_CONFLICT', cause: error },
      );
    }
    client.logger.info('the Job already existed: a retried submit', { jobId: name });
  }
  const uid = job.metadata?.uid;
  const configMap = {
    ...manifests.configMap,
    metadata: {
      ...manifests.configMap.metadata,
      // Owned by the Job, so the code goes when the Job goes (kubectl delete, TTL, cancel).
      ...(uid
        ? {
            ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name, uid, blockOwnerDeletion: true }],
          }
        : {}),
    },
  };
  try {
    await client.call(
      'submitJob',
      client.permission('create', 'configmaps', ''),
      (o) => client.core.createNamespacedConfigMap({ namespace: client.namespace, body: configMap }, o),
      parsed.signal,
    );
  } catch (error) {
    if (!isHttpStatus(error, 409)) throw error;
  }
  client.logger.info('submitted Kubernetes Job', { jobId: name, namespace: client.namespace });
  return name;
}
