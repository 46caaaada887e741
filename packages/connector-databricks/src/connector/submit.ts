/** Submitting a job: import its code into the workspace, then `runs/submit` a one-time run of it. */
import { randomUUID } from 'node:crypto';
import { type Logger, parseSubmitJobRequest, type SubmitJobRequest } from '@neural/integrations-core';
import type { HttpTransport } from '@neural/integrations-core/http';
import { type DatabricksError, EmptyObjectSchema, SubmitRunResponseSchema } from '../api.js';
import type { NodeTypeTable } from '../cluster.js';
import { buildRunSpec } from '../run-spec.js';

/**
 * Imports the code into the workspace and submits a one-time run of it with the idempotency key as its
 * `idempotency_token` (the caller's, or one made for this call), so retries never start a second run.
 * Returns the run id.
 */
export async function submitRun(
  http: HttpTransport<DatabricksError>,
  request: SubmitJobRequest,
  nodeTypes: NodeTypeTable,
  logger: Logger,
): Promise<string> {
  const job = parseSubmitJobRequest(request);
  // Made once per call, outside the retry loop: every attempt of this submit carries the same token.
  const key = job.idempotencyKey ?? randomUUID();
  const spec = buildRunSpec(job, key, nodeTypes);
  await http.json(EmptyObjectSchema, {
    method: 'POST',
    path: '/api/2.0/workspace/mkdirs',
    json: { path: spec.workspaceDir },
    // Creating a folder that exists is a no-op.
    idempotent: true,
    operation: 'submitJob',
    signal: job.signal,
  });
  await http.json(EmptyObjectSchema, {
    method: 'POST',
    path: '/api/2.0/workspace/import',
    json: spec.importRequest,
    // `overwrite: true` with the same content: importing twice leaves the same file.
    idempotent: true,
    operation: 'submitJob',
    signal: job.signal,
  });
  const submitted = await http.json(SubmitRunResponseSchema, {
    method: 'POST',
    path: '/api/2.1/jobs/runs/submit',
    json: spec.submitRequest,
    // The idempotency_token in the body makes a resent submit return the same run.
    idempotent: true,
    operation: 'submitJob',
    signal: job.signal,
  });
  const jobId = String(submitted.run_id);
  logger.info('submitJob: run submitted', { jobId, idempotencyKey: key });
  return jobId;
}
