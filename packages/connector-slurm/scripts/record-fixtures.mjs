#!/usr/bin/env node
// Records real slurmrestd answers into test/fixtures/ for the MSW tests. Run against the live cluster:
//   scripts/slurm/cluster.sh start && node packages/connector-slurm/scripts/record-fixtures.mjs
// Each fixture is { request: { method, path, body? }, status, body }: the body is JSON when slurmrestd sent
// JSON, else its text. No credentials are written (slurmrestd never echoes the token).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const envFile = process.env.SLURM_ENV_FILE ?? '/tmp/neural-slurm/rest.env';
const env = Object.fromEntries(
  readFileSync(envFile, 'utf8')
    .split('\n')
    .map((line) => line.replace(/^export /, '').match(/^([A-Z_]+)=(.*)$/))
    .filter(Boolean)
    .map((match) => [match[1], match[2]]),
);
const base = `/slurm/${env.SLURM_REST_API}`;
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures');
const workdir = '/tmp/neural-slurm/jobs';
mkdirSync(out, { recursive: true });
mkdirSync(workdir, { recursive: true });

async function call(method, path, body, headers = { user: env.SLURM_REST_USER, token: env.SLURM_JWT }, raw) {
  const response = await fetch(`${env.SLURM_REST_ENDPOINT}${path}`, {
    method,
    headers: {
      ...(headers.user ? { 'x-slurm-user-name': headers.user } : {}),
      ...(headers.token ? { 'x-slurm-user-token': headers.token } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await response.text();
  let parsed = text;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return {
    request: { method, path, ...(body !== undefined ? { body } : {}) },
    status: response.status,
    body: parsed,
  };
}

function save(name, fixture) {
  writeFileSync(join(out, `${name}.json`), `${JSON.stringify(fixture, null, 2)}\n`);
  console.log(`${name}: HTTP ${fixture.status}`);
}

function submission(name, script, extra = {}) {
  return {
    script,
    job: {
      name,
      current_working_directory: workdir,
      standard_output: `${workdir}/neural-%j.out`,
      standard_error: `${workdir}/neural-%j.err`,
      environment: { PATH: '/usr/local/bin:/usr/bin:/bin', PYTHONUNBUFFERED: '1' },
      ...extra,
    },
  };
}

async function waitFor(id, wanted) {
  for (let i = 0; i < 150; i++) {
    const answer = await call('GET', `${base}/job/${id}`);
    if (wanted.includes(answer.body.jobs?.[0]?.job_state)) return answer;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`job ${id} never reached ${wanted}`);
}

save('ping', await call('GET', `${base}/ping`));
const ok = await call(
  'POST',
  `${base}/job/submit`,
  submission('fixture-ok', "#!/usr/bin/env python3\nprint('hello from slurm')\n", {
    cpus_per_task: 1,
    memory_per_node: 512,
    time_limit: 5,
  }),
);
save('submit', ok);
save('job-completed', await waitFor(ok.body.job_id, ['COMPLETED']));

const failing = await call(
  'POST',
  `${base}/job/submit`,
  submission(
    'fixture-fail',
    "#!/usr/bin/env python3\nimport sys\nprint('about to fail', file=sys.stderr)\nsys.exit(3)\n",
  ),
);
save('job-failed', await waitFor(failing.body.job_id, ['FAILED']));

const long = await call('POST', `${base}/job/submit`, submission('fixture-long', '#!/bin/sh\nsleep 300\n'));
save('job-running', await waitFor(long.body.job_id, ['RUNNING']));
const held = await call(
  'POST',
  `${base}/job/submit`,
  submission('fixture-held', '#!/bin/sh\ntrue\n', { hold: true }),
);
save('job-pending', await waitFor(held.body.job_id, ['PENDING']));
save('jobs', await call('GET', `${base}/jobs`));
save('nodes', await call('GET', `${base}/nodes`));
save('cancel', await call('DELETE', `${base}/job/${long.body.job_id}`));
await call('DELETE', `${base}/job/${held.body.job_id}`);
save('job-cancelled', await waitFor(long.body.job_id, ['CANCELLED']));
save('cancel-finished', await call('DELETE', `${base}/job/${ok.body.job_id}`));

save('not-found', await call('GET', `${base}/job/999999999`));
save('cancel-not-found', await call('DELETE', `${base}/job/999999999`));
save(
  'bad-token',
  await call('GET', `${base}/ping`, undefined, { user: env.SLURM_REST_USER, token: 'not.a.token' }),
);
save('no-token', await call('GET', `${base}/ping`, undefined, {}));
save('malformed', await call('POST', `${base}/job/submit`, undefined, undefined, '{not json'));
save(
  'submit-bad-partition',
  await call(
    'POST',
    `${base}/job/submit`,
    submission('fixture-bad-partition', '#!/bin/sh\ntrue\n', { partition: 'nope' }),
  ),
);
const noEnv = submission('fixture-no-env', '#!/bin/sh\ntrue\n');
delete noEnv.job.environment;
save('submit-no-env', await call('POST', `${base}/job/submit`, noEnv));
