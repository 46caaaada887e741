/** Submitting a job: its code becomes a batch script that runs in the workdir and writes its output there. */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  InvalidParameterError,
  parseSubmitJobRequest,
  type SubmitJobRequest,
  throwIfAborted,
} from '@neural/integrations-core';
import { idempotencyTag } from '../idempotency-tag.js';
import { buildBatchScript, toSlurmResources } from '../job-spec.js';
import type { SlurmRequest } from '../transport.js';
import type { SlurmContext } from './context.js';
import type { KeyedSubmits } from './keyed-submit.js';

/** How the connector's options shape every job it submits. */
export interface SubmitSettings {
  /** The interpreter the batch script runs the code with. */
  readonly interpreter: string;
  /** `PATH` in the job's environment. */
  readonly path: string;
  /**
   * Creates the workdir on this machine before a submit, once per connector (see `createWorkdirOnce`), or
   * does nothing when the options say not to.
   */
  readonly prepareWorkdir: () => Promise<void>;
  /** Partition, account and QOS for jobs that do not name their own. */
  readonly defaults: {
    readonly partition?: string | undefined;
    readonly account?: string | undefined;
    readonly qos?: string | undefined;
  };
}

/**
 * Submits the code as a batch script and returns Slurm's job id. With an `idempotencyKey`, the submit goes
 * through `keyed` (look before every attempt); without one it is sent once (resent only when the connection
 * was refused).
 *
 * @throws InvalidParameterError before anything is sent, for a bad request or an unknown `customParams` key.
 */
export async function submitBatchJob(
  context: SlurmContext,
  settings: SubmitSettings,
  keyed: KeyedSubmits,
  request: SubmitJobRequest,
): Promise<string> {
  const job = parseSubmitJobRequest(request);
  if (job.dependencies.length > 0) {
    throw InvalidParameterError.fromIssues('submitJob request', [
      {
        field: 'dependencies',
        rule: 'are not supported by SlurmConnector: install them in the cluster environment (or a virtualenv given as interpreter)',
      },
    ]);
  }
  const resources = toSlurmResources(job.resourceConfig, settings.defaults);
  throwIfAborted(job.signal);
  await settings.prepareWorkdir();
  const { api, workdir } = context;
  const name = job.jobName ?? 'neural-job';
  const key = job.idempotencyKey;
  // Job ids come back: a cluster whose state was reset numbers from 1 again, and ids wrap at MaxJobId. A file
  // named by the id alone would show an earlier job's output as this one's while it is pending (Slurm only
  // truncates it when the job starts), so each submit's files also carry a token of their own; the logs are
  // read from the paths slurmrestd reports for the job, token included.
  const fileStem = join(workdir, `neural-%j-${randomBytes(6).toString('hex')}`);
  const submitOnce = (signal: AbortSignal | undefined) =>
    sendSubmit(context, resources.gres, {
      method: 'POST',
      path: api.paths.submit,
      json: api.submitBody({
        name,
        comment: key === undefined ? undefined : idempotencyTag(key),
        script: buildBatchScript(job.code, settings.interpreter),
        workingDirectory: workdir,
        standardOutput: `${fileStem}.out`,
        standardError: `${fileStem}.err`,
        // Unbuffered Python so that logs read while the job runs show what it printed so far.
        environment: { PATH: settings.path, PYTHONUNBUFFERED: '1', ...job.environment },
        ...resources,
      }),
      operation: 'submitJob',
      parse: (body) => api.parseSubmit(body),
      idempotent: false,
      signal,
    }).then((answer) => answer.jobId);
  const jobId =
    key === undefined ? await submitOnce(job.signal) : await keyed.submit(key, submitOnce, job.signal);
  context.logger.info('submitted Slurm job', { jobId, name });
  return jobId;
}

/** Sends a submit; a parse refusal of a GPU request gets the likely cause, which slurmrestd only logs. */
async function sendSubmit<T>(
  context: SlurmContext,
  gres: string | undefined,
  request: SlurmRequest<T>,
): Promise<T> {
  try {
    return await context.transport.send(request);
  } catch (error) {
    if (gres === undefined || !InvalidParameterError.isInstance(error)) throw error;
    throw InvalidParameterError.fromIssues('submitJob request', [
      ...error.issues,
      {
        field: 'resourceConfig.gpuEnabled',
        rule: `is the likely cause: slurmrestd refuses gres "${gres}" without detail when the cluster has no such GPUs configured (GresTypes)`,
      },
    ]);
  }
}
