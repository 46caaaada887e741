/**
 * The conformance target for the live cluster (scripts/slurm/cluster.sh start). Jobs are the smallest that
 * show each behaviour; the cluster schedules a trivial job in about a second.
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { defineConformanceTarget } from '@neural/connector-conformance';
import { SlurmConnector, type SlurmCredentials } from '../src/index.js';
import { liveCluster } from './support/live-env.js';

const valid: SlurmCredentials = liveCluster?.credentials ?? {
  endpoint: 'http://127.0.0.1:6820',
  user: 'root',
  token: 'no-live-cluster',
};

/** Whether Slurm's `scontrol` runs here (it does wherever scripts/slurm/cluster.sh started the cluster). */
export function hasScontrol(): boolean {
  return spawnSync('scontrol', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Runs `scontrol <args>`, failing with its stderr. */
export async function scontrol(...args: string[]): Promise<void> {
  await promisify(execFile)('scontrol', args, { timeout: 10_000 });
}

export default defineConformanceTarget<SlurmCredentials>({
  name: 'slurm (live, slurmrestd v0.0.38)',
  create: (credentials) => new SlurmConnector(credentials),
  credentials: {
    valid,
    // Well-formed JWT shape, signed with nothing the cluster knows.
    invalid: { ...valid, token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdW4iOiJyb290In0.forged-signature' },
  },
  jobs: {
    succeeds: { code: "print('hello conformance')", expectedOutput: 'hello conformance' },
    fails: { code: 'raise SystemExit(3)' },
    runsLong: { code: 'import time\ntime.sleep(600)' },
    // A JSON string is a valid Python string literal: quotes, newlines and non-ASCII text come back as given.
    echo: (text) => `print(${JSON.stringify(text)})`,
    printsEnv: (name) => `import os\nprint(os.environ[${JSON.stringify(name)}])`,
  },
  // The cluster runs on this machine, so the suite can requeue a job as a preemption would.
  ...(hasScontrol() ? { requeue: (jobId: string) => scontrol('requeue', jobId) } : {}),
  unknownJobId: '999999999',
  timing: { jobTimeoutMs: 60_000, pollIntervalMs: 100, maxPollIntervalMs: 250 },
});
