import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import {
  InvalidParameterError,
  type Logger,
  type ParameterIssue,
  parseSubmitJobRequest,
  type SubmitJobRequest,
  throwIfAborted,
} from '@neural/integrations-core';
import { sha256 } from './disk.js';
import type { IdempotencyKeys } from './idempotency.js';
import type { LocalJobStore } from './job-store.js';
import { JOB_FILES, type LocalJobRecord, writeRecord } from './record.js';
import { inheritedEnvironment, startSupervisor } from './supervisor.js';

/** Refuses, before anything is written, what this machine cannot give a job. */
function checkLocalFit(
  cpuCount: number | undefined,
  memoryGb: number | undefined,
  dependencies: readonly string[],
) {
  const issues: ParameterIssue[] = [];
  const machineCpus = cpus().length;
  if (cpuCount !== undefined && cpuCount > machineCpus) {
    issues.push({
      field: 'resourceConfig.cpuCount',
      rule: `asks for ${cpuCount} CPUs but this machine has ${machineCpus}`,
    });
  }
  const machineGb = totalmem() / 1024 ** 3;
  if (memoryGb !== undefined && memoryGb > machineGb) {
    issues.push({
      field: 'resourceConfig.memoryGb',
      rule: `asks for ${memoryGb} GB but this machine has ${machineGb.toFixed(1)} GB`,
    });
  }
  if (dependencies.length > 0) {
    issues.push({
      field: 'dependencies',
      rule: 'are not installed by LocalConnector; install them into the interpreter (or a virtualenv given as `interpreter`) first',
    });
  }
  if (issues.length > 0) throw InvalidParameterError.fromIssues('submitJob request', issues);
}

/**
 * Writes a job's folder and record, claims its idempotency key, and starts its supervisor; returns its id
 * (or, for a key already used with the same request, the first job's id).
 */
export async function submitLocalJob(
  jobs: LocalJobStore,
  keys: IdempotencyKeys,
  logger: Logger,
  request: SubmitJobRequest,
): Promise<string> {
  const { settings } = jobs;
  const job = parseSubmitJobRequest(request);
  checkLocalFit(job.resourceConfig.cpuCount, job.resourceConfig.memoryGb, job.dependencies);
  throwIfAborted(job.signal);
  const resourceConfig = job.resourceConfig.toJSON();
  const requestSha256 = sha256(
    JSON.stringify({
      code: job.code,
      environment: Object.entries(job.environment).sort(([a], [b]) => a.localeCompare(b)),
      resourceConfig,
      jobName: job.jobName ?? null,
      interpreter: settings.interpreter,
    }),
  );
  await mkdir(join(settings.root, 'jobs'), { recursive: true, mode: 0o700 });

  const keyFile = job.idempotencyKey ? keys.keyFile(job.idempotencyKey) : undefined;
  if (keyFile) {
    const existing = await keys.jobForKey(keyFile, requestSha256);
    if (existing) return existing;
  }

  const jobId = `local-${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;
  const jobDir = jobs.jobFolder(jobId);
  await mkdir(join(jobDir, JOB_FILES.artifacts), { recursive: true, mode: 0o700 });
  await writeFile(join(jobDir, settings.codeFileName), job.code, { mode: 0o600, flag: 'wx' });
  const maxRuntimeHours = job.resourceConfig.maxRuntimeHours;
  const record: LocalJobRecord = {
    version: 1,
    id: jobId,
    ...(job.jobName ? { name: job.jobName } : {}),
    ...(job.idempotencyKey ? { idempotencyKey: job.idempotencyKey } : {}),
    createdAt: new Date(settings.clock.now()).toISOString(),
    state: 'QUEUED',
    interpreter: [...settings.interpreter],
    codeFile: settings.codeFileName,
    requestSha256,
    resourceConfig: resourceConfig as Record<string, unknown>,
    ...(maxRuntimeHours !== undefined ? { maxRuntimeMs: maxRuntimeHours * 3_600_000 } : {}),
    gracePeriodMs: settings.gracePeriodMs,
    metrics: {},
  };
  await writeRecord(jobDir, record);

  if (keyFile) {
    const winner = await keys.claimKey(keyFile, jobId);
    if (winner !== jobId) {
      // Another submit with the same key got there first: that job is the answer, ours never starts.
      await rm(jobDir, { recursive: true, force: true });
      return keys.checkSameRequest(winner, requestSha256);
    }
  }

  await startSupervisor(settings, jobDir, record, {
    ...inheritedEnvironment(settings),
    NEURAL_JOB_ID: jobId,
    NEURAL_JOB_DIR: jobDir,
    NEURAL_ARTIFACTS_DIR: join(jobDir, JOB_FILES.artifacts),
    NEURAL_FILES_DIR: jobs.filesFolder,
    PYTHONUNBUFFERED: '1',
    ...job.environment,
  });
  logger.info('Submitted local job', { jobId, interpreter: settings.interpreter.join(' ') });
  return jobId;
}
