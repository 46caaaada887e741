import type { Connector, ConnectorCapabilities, JobStatus, SubmitJobRequest } from '../src/index.js';
import { JobResult } from '../src/index.js';

/** Every capability off: what a connector with no optional methods reports. */
export const NO_CAPABILITIES: ConnectorCapabilities = Object.freeze({
  deployModel: false,
  deleteEndpoint: false,
  uploadFile: false,
  downloadFile: false,
  getResourceUsage: false,
  followLogs: false,
  idempotency: false,
  waitForStatusChange: false,
});

/** A hand-written connector as a plain object (no subclassing), with every call recorded. */
export interface ScriptedConnector extends Connector {
  readonly calls: { method: string; args: unknown[] }[];
}

/**
 * A plain-object `Connector` whose `getJobStatus` answers from `statuses` in order (the last one repeats);
 * an entry that is an Error is thrown instead.
 */
export function scriptedConnector(
  statuses: readonly (JobStatus | Error)[],
  overrides: Partial<Connector> = {},
): ScriptedConnector {
  const calls: { method: string; args: unknown[] }[] = [];
  let next = 0;
  const record = (method: string, args: unknown[]) => calls.push({ method, args });
  return {
    calls,
    capabilities: NO_CAPABILITIES,
    async authenticate() {
      record('authenticate', []);
      return true;
    },
    async submitJob(request: SubmitJobRequest) {
      record('submitJob', [request]);
      return `job-${calls.filter((c) => c.method === 'submitJob').length}`;
    },
    async getJobStatus(jobId, options) {
      record('getJobStatus', [jobId, options]);
      const answer = statuses[Math.min(next++, statuses.length - 1)]!;
      if (answer instanceof Error) throw answer;
      return answer;
    },
    async getJobResult(jobId) {
      record('getJobResult', [jobId]);
      const last = statuses.at(-1);
      return new JobResult({ jobId, status: typeof last === 'string' ? last : 'unknown', output: 'ok' });
    },
    async cancelJob(jobId) {
      record('cancelJob', [jobId]);
      return true;
    },
    async listJobs() {
      record('listJobs', []);
      return [];
    },
    async getLogs(jobId) {
      record('getLogs', [jobId]);
      return '';
    },
    ...overrides,
  };
}

/** Resolves when `predicate` holds, checking after each turn of the event loop (no wall-clock sleeping). */
export async function until(predicate: () => boolean, turns = 1000): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (predicate()) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error('condition never held');
}

/** Catches what `fn` throws (sync or async), failing when it does not throw. */
export async function caught(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, none was thrown');
}

/**
 * Runs a manual clock forward, one sleeper at a time, until `promise` settles; returns its outcome. Bounded,
 * so a helper that would loop forever fails the test instead of hanging it.
 */
export async function driveUntilSettled<T>(
  clock: { runNext(): Promise<boolean> },
  promise: Promise<T>,
  maxSteps = 10_000,
): Promise<{ value?: T; error?: unknown }> {
  let outcome: { value?: T; error?: unknown } | undefined;
  promise.then(
    (value) => {
      outcome = { value };
    },
    (error: unknown) => {
      outcome = { error };
    },
  );
  for (let step = 0; step < maxSteps; step++) {
    if (outcome) return outcome;
    const woke = await clock.runNext();
    if (!woke) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error(`still running after ${maxSteps} clock steps`);
}
