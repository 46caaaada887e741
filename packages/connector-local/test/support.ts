import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Connector, waitForCompletion } from '@neural/integrations-core';
import { afterEach, inject } from 'vitest';
import { LocalConnector, type LocalConnectorOptions, type LocalJobRecord } from '../src/index.js';

const roots: string[] = [];

afterEach(async () => {
  // Stop whatever a test left running, then remove its folders.
  for (const root of roots.splice(0)) {
    const connector = new LocalConnector({ root, runnerPath: inject('runnerPath'), cancelGracePeriodMs: 0 });
    for (const job of await connector.listJobs({ limit: 1000 })) {
      if (job.status === 'running' || job.status === 'pending') await connector.cancelJob(job.id);
    }
    await rm(root, { recursive: true, force: true });
  }
});

/** A fresh, empty root for one test. */
export async function freshRoot(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'neural-local-test-'));
  roots.push(root);
  return root;
}

/**
 * A connector on `root` (a fresh one by default) using the supervisor built from source and the Python binary
 * behind `python3` (the tests that need the default interpreter say so).
 */
export async function localConnector(options: LocalConnectorOptions = {}): Promise<LocalConnector> {
  return new LocalConnector({
    runnerPath: inject('runnerPath'),
    interpreter: [inject('pythonPath')],
    cancelGracePeriodMs: 200,
    pollIntervalMs: 10,
    ...options,
    root: options.root ?? (await freshRoot()),
  });
}

/** Waits for the job to finish, polling every 10 ms. */
export function finished(connector: Connector, jobId: string) {
  return waitForCompletion(connector, jobId, {
    pollIntervalMs: 10,
    maxPollIntervalMs: 20,
    timeoutMs: 15_000,
  });
}

/** Follows the job's log until `text` appears in it (the job signals readiness by printing it). */
export async function logContains(connector: LocalConnector, jobId: string, text: string): Promise<string> {
  let seen = '';
  for await (const chunk of connector.followLogs(jobId)) {
    seen += chunk;
    if (seen.includes(text)) return seen;
  }
  throw new Error(`The job ended without printing ${JSON.stringify(text)}; its log: ${seen}`);
}

/** The job's record as on disk. */
export async function recordOf(connector: LocalConnector, jobId: string): Promise<LocalJobRecord> {
  return JSON.parse(await readFile(join(connector.jobFolder(jobId), 'job.json'), 'utf8')) as LocalJobRecord;
}

/** Whether a process with this pid exists (and is not a zombie). */
export async function processExists(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    return !/^State:\s+Z/m.test(status);
  } catch {
    return false;
  }
}

/** A Python job that says it is ready, then runs until it is stopped. */
export const RUNS_UNTIL_STOPPED =
  'import time\nprint("ready", flush=True)\nwhile True:\n    time.sleep(0.01)\n';
