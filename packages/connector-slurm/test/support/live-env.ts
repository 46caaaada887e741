/**
 * The live cluster's credentials, from the env file `scripts/slurm/cluster.sh start` writes
 * (`$SLURM_ENV_FILE`, default `/tmp/neural-slurm/rest.env`). `undefined` when there is no usable cluster, with
 * the reason, so live suites can say why they were skipped. The file outlives the cluster that wrote it, so
 * its REST API must also answer: a stale file would otherwise fail every live test with ECONNREFUSED.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { SlurmCredentials } from '../../src/index.js';

export const SLURM_ENV_FILE = process.env.SLURM_ENV_FILE ?? '/tmp/neural-slurm/rest.env';

const EnvFileSchema = z.object({
  SLURM_REST_ENDPOINT: z.string().url(),
  SLURM_REST_API: z.literal('v0.0.38'),
  SLURM_REST_USER: z.string().min(1),
  SLURM_JWT: z.string().min(1),
});

export interface LiveCluster {
  readonly credentials: SlurmCredentials;
}

async function load(): Promise<{ cluster?: LiveCluster; reason: string }> {
  let text: string;
  try {
    text = readFileSync(SLURM_ENV_FILE, 'utf8');
  } catch {
    return { reason: `no env file at ${SLURM_ENV_FILE} (run scripts/slurm/cluster.sh start)` };
  }
  const entries = Object.fromEntries(
    text
      .split('\n')
      .map((line) => /^(?:export\s+)?([A-Z_]+)=(.*)$/.exec(line.trim()))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => [match[1], match[2]]),
  );
  const parsed = EnvFileSchema.safeParse(entries);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      reason: `${SLURM_ENV_FILE} is malformed (${issue?.path.join('.')}: ${issue?.message}); start the cluster again with scripts/test-infra.sh, which rewrites it`,
    };
  }
  const claims = parsed.data.SLURM_JWT.split('.')[1];
  const exp = claims
    ? (JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as { exp?: number }).exp
    : undefined;
  if (exp !== undefined && exp * 1000 <= Date.now()) {
    return { reason: `the token in ${SLURM_ENV_FILE} has expired (run scripts/slurm/cluster.sh start)` };
  }
  const endpoint = parsed.data.SLURM_REST_ENDPOINT;
  if (!(await answers(endpoint))) {
    return {
      reason: `the Slurm cluster's REST API at ${endpoint} does not answer; start it with scripts/test-infra.sh`,
    };
  }
  return {
    cluster: {
      credentials: {
        endpoint,
        user: parsed.data.SLURM_REST_USER,
        token: parsed.data.SLURM_JWT,
      },
    },
    reason: '',
  };
}

/** Whether anything answers HTTP at `endpoint` (any status: the token is the suites' business). */
async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/slurm/v0.0.38/ping`, { signal: AbortSignal.timeout(3_000) });
    await response.body?.cancel();
    return true;
  } catch {
    return false;
  }
}

const loaded = await load();
if (!loaded.cluster && process.env.NEURAL_INFRA_REQUIRED === '1') {
  // scripts/test-infra.sh started the cluster for this run: its absence is a failure, not a reason to skip.
  throw new Error(`the live Slurm cluster started for this run is not usable: ${loaded.reason}`);
}
if (!loaded.cluster) {
  // Printed so that a run without a cluster says so, not only the verbose reporter's suite names.
  console.warn(`live Slurm cluster not available: skipped (${loaded.reason})`);
}
/** The live cluster, or `undefined`. */
export const liveCluster: LiveCluster | undefined = loaded.cluster;
/** Why the live cluster is not available (empty when it is). */
export const liveSkipReason = loaded.reason;
/** The name a live `describe` gets: says plainly when, and why, it was skipped. */
export function liveSuiteName(name: string): string {
  return liveCluster ? name : `${name} — live Slurm cluster not available: skipped (${liveSkipReason})`;
}
