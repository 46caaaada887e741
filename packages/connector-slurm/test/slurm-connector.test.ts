import {
  AuthenticationError,
  CloudConnectionError,
  CloudException,
  CloudExecutionError,
  InvalidParameterError,
  JobNotFoundError,
  JobStatus,
  NotSupportedError,
  OperationAbortedError,
} from '@neural/integrations-core';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { SlurmConnector, type SlurmConnectorOptions } from '../src/index.js';
import { API, CREDENTIALS, fixture, recordedJob, reply, TOKEN } from './support/recorded-cluster.js';
import { useRecordedCluster } from './support/recorded-server.js';

const { server, cluster } = useRecordedCluster();

const connect = (options: SlurmConnectorOptions = {}, credentials = CREDENTIALS) =>
  new SlurmConnector(credentials, {
    workdir: cluster().workdir,
    retry: { initialDelayMs: 1, maxDelayMs: 2 },
    ...options,
  });

function bodyOf(index: number) {
  const request = cluster().seen[index];
  if (!request) throw new Error(`no request ${index} was sent`);
  return request.body as { script: string; job: Record<string, unknown> };
}

describe('construction', () => {
  it('refuses malformed credentials, naming the field and without echoing the token', () => {
    const attempt = () => new SlurmConnector({ endpoint: 'slurm.example', user: 'root', token: TOKEN });
    expect(attempt).toThrow(InvalidParameterError);
    expect(attempt).toThrow(/endpoint: must be an http\(s\) URL/);
    expect(() => new SlurmConnector({ endpoint: 'http://x', user: 'root', token: '' })).toThrow(
      /token: must not be empty/,
    );
  });

  it('refuses the old `url` key, naming its new name', () => {
    const old = { url: 'http://127.0.0.1:6820', user: 'root', token: TOKEN };
    expect(() => new SlurmConnector(old as never)).toThrow(/url: is now `endpoint`/);
  });

  it('refuses an API version it has no adapter for and a relative workdir', () => {
    expect(() => connect({ apiVersion: 'v0.0.40' as 'v0.0.38' })).toThrow(
      /apiVersion: must be one of v0.0.38/,
    );
    expect(() => connect({ workdir: 'jobs' })).toThrow(/workdir: must be an absolute path/);
  });

  it('refuses an unknown option, naming it, instead of ignoring it', () => {
    const attempt = () => new SlurmConnector(CREDENTIALS, { timeoutMS: 5 } as never);
    expect(attempt).toThrow(InvalidParameterError);
    expect(attempt).toThrow(/timeoutMS: is not a known option/);
  });

  it('keeps the token out of JSON and inspection, and claims idempotency (by tag) but not files', () => {
    const slurm = connect();
    expect(JSON.stringify(slurm)).not.toContain(TOKEN);
    expect(slurm.capabilities).toMatchObject({
      idempotency: true,
      getResourceUsage: true,
      uploadFile: false,
      followLogs: false,
    });
  });

  it('leaves unsupported optional methods throwing NotSupportedError', async () => {
    await expect(connect().uploadFile('/a', '/b')).rejects.toBeInstanceOf(NotSupportedError);
    await expect(connect().deployModel('m', 'e')).rejects.toBeInstanceOf(NotSupportedError);
  });
});

describe('authenticate', () => {
  it('is true when slurmrestd answers ping, sending the user and token headers', async () => {
    const slurm = connect();
    await expect(slurm.authenticate()).resolves.toBe(true);
    expect(slurm.authenticated).toBe(true);
    const ping = cluster().seen[0];
    expect(ping?.path).toBe('/slurm/v0.0.38/ping');
    expect(ping?.headers.get('x-slurm-user-name')).toBe('root');
    expect(ping?.headers.get('x-slurm-user-token')).toBe(TOKEN);
  });

  it("is false for slurmrestd's vague 500 that a bad token gets", async () => {
    server.use(http.get(`${API}/ping`, () => reply(fixture('bad-token'))));
    await expect(connect().authenticate()).resolves.toBe(false);
  });

  it('is false for a 401 (no token)', async () => {
    server.use(http.get(`${API}/ping`, () => reply(fixture('no-token'))));
    await expect(connect().authenticate()).resolves.toBe(false);
  });

  it('is false without a request when the JWT says it has expired', async () => {
    const claims = Buffer.from(JSON.stringify({ exp: 1000, sun: 'root' })).toString('base64url');
    const slurm = connect({}, { ...CREDENTIALS, token: `eyJhbGciOiJIUzI1NiJ9.${claims}.sig` });
    await expect(slurm.authenticate()).resolves.toBe(false);
    expect(cluster().seen).toHaveLength(0);
  });

  it('throws CloudConnectionError when slurmrestd cannot be reached', async () => {
    server.use(http.get(`${API}/ping`, () => HttpResponse.error()));
    await expect(connect().authenticate()).rejects.toBeInstanceOf(CloudConnectionError);
  });
});

describe('submitJob', () => {
  it('sends the code as a python batch script with PATH, resources and per-job output paths', async () => {
    const id = await connect({ partition: 'debug' }).submitJob({
      code: "print('hi')",
      jobName: 'train-1',
      environment: { GREETING: 'hello' },
      resourceConfig: { cpuCount: 2, memoryGb: 1.5, maxRuntimeHours: 0.5, customParams: { account: 'ml' } },
    });
    expect(id).toBe(String(fixture('submit').body.job_id));
    const body = bodyOf(0);
    expect(body.script).toBe("#!/usr/bin/env python3\nprint('hi')\n");
    expect(body.job).toEqual({
      name: 'train-1',
      current_working_directory: cluster().workdir,
      standard_output: expect.stringMatching(
        new RegExp(`^${cluster().workdir}/neural-%j-[0-9a-f]{12}\\.out$`),
      ),
      standard_error: expect.stringMatching(
        new RegExp(`^${cluster().workdir}/neural-%j-[0-9a-f]{12}\\.err$`),
      ),
      environment: { PATH: '/usr/local/bin:/usr/bin:/bin', PYTHONUNBUFFERED: '1', GREETING: 'hello' },
      cpus_per_task: 2,
      memory_per_node: 1536,
      time_limit: 30,
      partition: 'debug',
      account: 'ml',
    });
  });

  it("names each submit's output files with a token of their own, as job ids come back after a reset or wrap", async () => {
    const slurm = connect();
    await slurm.submitJob({ code: 'x = 1' });
    await slurm.submitJob({ code: 'x = 1' });
    const [first, second] = [bodyOf(0).job, bodyOf(1).job] as Array<Record<string, string>>;
    for (const job of [first, second]) expect(job?.standard_output).toMatch(/\/neural-%j-[0-9a-f]{12}\.out$/);
    expect(first?.standard_output).not.toBe(second?.standard_output);
    // Same stem for a submit's two files, so stdout and stderr stay side by side.
    expect(first?.standard_error).toBe(first?.standard_output?.replace(/\.out$/, '.err'));
  });

  it('asks for GPUs as gres and lets customParams override the default partition', async () => {
    await connect({ partition: 'debug' }).submitJob({
      code: 'x = 1',
      resourceConfig: { gpuEnabled: true, gpuCount: 2, customParams: { partition: 'gpu', qos: 'high' } },
    });
    const job = bodyOf(0).job;
    expect(job).toMatchObject({ gres: 'gpu:2', partition: 'gpu', qos: 'high' });
  });

  it('uses a configured interpreter, and code with its own #! line as it is', async () => {
    await connect({ interpreter: '/opt/venv/bin/python' }).submitJob({ code: 'print(1)' });
    await connect().submitJob({ code: '#!/bin/bash\necho hi\n' });
    expect(bodyOf(0).script).toBe('#!/opt/venv/bin/python\nprint(1)\n');
    expect(bodyOf(1).script).toBe('#!/bin/bash\necho hi\n');
  });

  it('refuses bad input before sending anything, naming every field', async () => {
    const slurm = connect();
    await expect(slurm.submitJob({ code: '  ' })).rejects.toThrow(/code: must not be empty/);
    await expect(
      slurm.submitJob({ code: 'x', resourceConfig: { customParams: { partiton: 'debug', account: 'a b' } } }),
    ).rejects.toThrow(
      /customParams\.partiton: is not a Slurm option[\s\S]*customParams\.account: must be a Slurm name/,
    );
    await expect(slurm.submitJob({ code: 'x', dependencies: ['numpy'] })).rejects.toThrow(
      /dependencies: are not supported/,
    );
    expect(cluster().seen).toHaveLength(0);
  });

  it("maps slurmrestd's refusals: a bad partition is CloudExecutionError, a missing environment InvalidParameterError", async () => {
    server.use(http.post(`${API}/job/submit`, () => reply(fixture('submit-bad-partition'))));
    const error = await connect()
      .submitJob({ code: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudExecutionError);
    expect((error as CloudExecutionError).message).toMatch(
      /Slurm error 2000 \(Invalid partition name specified\)/,
    );
    expect((error as CloudExecutionError).code).toBe('SLURM_2000');
    server.use(http.post(`${API}/job/submit`, () => reply(fixture('submit-no-env'))));
    await expect(connect().submitJob({ code: 'x' })).rejects.toThrow(/environment must be set/);
  });

  it('is not retried after a 5xx, since Slurm cannot tell a resent submit from a new job', async () => {
    let calls = 0;
    server.use(
      http.post(`${API}/job/submit`, () => {
        calls++;
        return new HttpResponse('bad gateway', { status: 502 });
      }),
    );
    await expect(connect().submitJob({ code: 'x' })).rejects.toBeInstanceOf(CloudConnectionError);
    expect(calls).toBe(1);
  });

  it('names gpuEnabled as the likely cause when slurmrestd refuses a GPU request without detail', async () => {
    server.use(http.post(`${API}/job/submit`, () => reply(fixture('submit-no-env'))));
    const error = await connect()
      .submitJob({ code: 'x', resourceConfig: { gpuEnabled: true } })
      .catch((e: unknown) => e);
    expect(InvalidParameterError.isInstance(error) && error.issues.map((issue) => issue.field)).toContain(
      'resourceConfig.gpuEnabled',
    );
  });

  it('maps a 400 to InvalidParameterError', async () => {
    server.use(http.post(`${API}/job/submit`, () => reply(fixture('malformed'))));
    await expect(connect().submitJob({ code: 'x' })).rejects.toThrow(/Unable to parse query/);
  });
});

describe('getJobStatus and getJobResult', () => {
  it.each([
    ['1', JobStatus.SUCCEEDED, 'COMPLETED'],
    ['2', JobStatus.FAILED, 'FAILED'],
    ['3', JobStatus.RUNNING, 'RUNNING'],
    ['4', JobStatus.PENDING, 'PENDING'],
    ['5', JobStatus.CANCELLED, 'CANCELLED'],
  ])('job %s is %s (raw %s)', async (id, status, raw) => {
    const slurm = connect();
    await expect(slurm.getJobStatus(id)).resolves.toBe(status);
    const result = await slurm.getJobResult(id);
    expect(result.status).toBe(status);
    expect(result.rawState).toBe(raw);
  });

  it('gives a completed job its output, run time and log file', async () => {
    const result = await connect().getJobResult('1');
    expect(result.output).toBe('hello from slurm\n');
    expect(result.error).toBeUndefined();
    expect(result.durationSeconds).toBe(1);
    expect(result.logsUrl).toBe(`file://${cluster().workdir}/neural-1.out`);
  });

  it("decodes a failed job's wait status (768 is exit code 3) and adds the end of stderr", async () => {
    const result = await connect().getJobResult('2');
    expect(result.error).toBe('Slurm job ended FAILED, reason NonZeroExitCode, exit code 3\nabout to fail');
  });

  it('throws JobNotFoundError for an id Slurm does not know, and for a non-numeric id without a request', async () => {
    await expect(connect().getJobStatus('999999999')).rejects.toBeInstanceOf(JobNotFoundError);
    await expect(connect().getJobResult('job-abc')).rejects.toBeInstanceOf(JobNotFoundError);
    expect(cluster().seen).toHaveLength(1);
    await expect(connect().getJobStatus('')).rejects.toBeInstanceOf(InvalidParameterError);
  });

  it('retries a read after a 503 and succeeds', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/job/1`, () => {
        calls++;
        return calls === 1
          ? new HttpResponse('unavailable', { status: 503 })
          : reply(recordedJob('job-completed', '1', cluster().workdir));
      }),
    );
    await expect(connect().getJobStatus('1')).resolves.toBe(JobStatus.SUCCEEDED);
    expect(calls).toBe(2);
  });

  it('rejects an answer that does not match the schema as CloudConnectionError', async () => {
    server.use(http.get(`${API}/job/1`, () => HttpResponse.json({ jobs: [{ job_id: 'one' }] })));
    await expect(connect().getJobStatus('1')).rejects.toThrow(/does not match the v0.0.38 schema/);
  });

  it('rejects at once with OperationAbortedError when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(connect().getJobStatus('1', { signal: controller.signal })).rejects.toBeInstanceOf(
      OperationAbortedError,
    );
  });

  it('never puts the token in an error message', async () => {
    server.use(http.get(`${API}/job/1`, () => new HttpResponse(`token ${TOKEN} rejected`, { status: 502 })));
    const error = await connect({ retry: { maxAttempts: 1 } })
      .getJobStatus('1')
      .catch((e: unknown) => e);
    expect(CloudException.isInstance(error)).toBe(true);
    expect((error as Error).message).not.toContain(TOKEN);
  });
});

describe('getLogs', () => {
  it("reads a running job's output file as it is written", async () => {
    await expect(connect().getLogs('3')).resolves.toBe('epoch 1\n');
  });

  it('gives stdout then stderr', async () => {
    await expect(connect().getLogs('2')).resolves.toBe('about to fail\n');
    await expect(connect().getLogs('1')).resolves.toBe('hello from slurm\n');
  });

  it('is empty for a pending job', async () => {
    await expect(connect().getLogs('4')).resolves.toBe('');
  });

  it("says the output must be on a shared filesystem when a finished job's files cannot be read", async () => {
    const job = cluster().jobs.get('1')?.body.jobs[0];
    job.standard_output = '/nonexistent/neural-%j.out';
    job.standard_error = '/nonexistent/neural-%j.err';
    await expect(connect().getLogs('1')).rejects.toThrow(
      /cannot read \/nonexistent\/neural-1.out.*filesystem/,
    );
  });
});

describe('cancelJob', () => {
  it('cancels a running job with DELETE', async () => {
    const slurm = connect();
    await expect(slurm.cancelJob('3')).resolves.toBe(true);
    expect(cluster().seen.map((r) => r.method)).toEqual(['GET', 'DELETE']);
    await expect(slurm.getJobStatus('3')).resolves.toBe(JobStatus.CANCELLED);
  });

  it('is false for a finished job and leaves it as it was', async () => {
    await expect(connect().cancelJob('1')).resolves.toBe(false);
    expect(cluster().seen.map((r) => r.method)).toEqual(['GET']);
  });

  it('throws JobNotFoundError for an unknown job', async () => {
    await expect(connect().cancelJob('424242')).rejects.toBeInstanceOf(JobNotFoundError);
  });
});

describe('listJobs', () => {
  it('lists newest first, honouring limit and statusFilter', async () => {
    for (const [id, f] of cluster().jobs) f.body.jobs[0].submit_time = 1_800_000_000 + Number(id);
    const slurm = connect();
    const all = await slurm.listJobs({ limit: 10 });
    expect(all.map((job) => job.id)).toEqual(['5', '4', '3', '2', '1']);
    expect(all[0]).toMatchObject({
      status: JobStatus.CANCELLED,
      rawState: 'CANCELLED',
      name: 'fixture-long',
    });
    expect(all[0]?.createdAt).toEqual(new Date(1_800_000_005_000));
    expect((await slurm.listJobs({ limit: 2 })).map((job) => job.id)).toEqual(['5', '4']);
    expect((await slurm.listJobs({ statusFilter: JobStatus.FAILED })).map((job) => job.id)).toEqual(['2']);
  });

  it("shows only the credentials' user's jobs unless listAllUsers", async () => {
    const job = cluster().jobs.get('1')?.body.jobs[0];
    job.user_name = 'alice';
    expect((await connect().listJobs()).map((j) => j.id)).not.toContain('1');
    expect((await connect({ listAllUsers: true }).listJobs()).map((j) => j.id)).toContain('1');
  });

  it('validates its options', async () => {
    await expect(connect().listJobs({ limit: 0 })).rejects.toBeInstanceOf(InvalidParameterError);
  });
});

describe('getResourceUsage', () => {
  it('sums nodes, CPUs and memory from /nodes and counts jobs', async () => {
    const node = fixture('nodes').body.nodes[0];
    const usage = await connect().getResourceUsage();
    expect(usage).toMatchObject({
      totalNodes: 1,
      availableNodes: 1,
      totalCpus: node.cpus,
      usedCpus: node.alloc_cpus,
      availableCpus: node.cpus - node.alloc_cpus,
      memoryGb: Math.round((node.real_memory / 1024) * 100) / 100,
      totalGpus: 0,
      runningJobs: 1,
      pendingJobs: 1,
    });
  });

  it('counts GPUs from gres', async () => {
    const nodes = fixture('nodes');
    nodes.body.nodes[0].gres = 'gpu:a100:4(S:0-1)';
    nodes.body.nodes[0].gres_used = 'gpu:a100:1(IDX:0)';
    server.use(http.get(`${API}/nodes`, () => reply(nodes)));
    expect(await connect().getResourceUsage()).toMatchObject({ totalGpus: 4, usedGpus: 1, availableGpus: 3 });
  });
});

describe("slurmrestd's error payloads", () => {
  const slurmError = (errorNumber: number, error: string) =>
    HttpResponse.json(
      { errors: [{ error_number: errorNumber, error, description: '', source: 'test' }], jobs: [] },
      { status: 500 },
    );

  it('maps a 401 and the vague -1 that a bad token gets to AuthenticationError', async () => {
    server.use(http.get(`${API}/job/1`, () => reply(fixture('no-token'))));
    await expect(connect().getJobStatus('1')).rejects.toBeInstanceOf(AuthenticationError);
    server.use(http.get(`${API}/job/1`, () => reply(fixture('bad-token'))));
    await expect(connect().getJobStatus('1')).rejects.toThrow(/invalid or expired/);
  });

  it('reads the hang-up (5005) that answers a submit with a refused token as AuthenticationError, once a ping is refused too', async () => {
    // Measured on the live cluster: a forged token gets 5005 on submit, -1 on every read (ping included).
    server.use(
      http.post(`${API}/job/submit`, () => slurmError(5005, 'Zero Bytes were transmitted or received')),
    );
    server.use(http.get(`${API}/ping`, () => reply(fixture('bad-token'))));
    const refused = await connect()
      .submitJob({ code: 'print(1)' })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AuthenticationError);
    expect((refused as Error).cause).toBeInstanceOf(CloudConnectionError);
  });

  it('keeps a submit hang-up a CloudConnectionError while a ping with the same token passes', async () => {
    server.use(
      http.post(`${API}/job/submit`, () => slurmError(5005, 'Zero Bytes were transmitted or received')),
    );
    await expect(connect().submitJob({ code: 'print(1)' })).rejects.toBeInstanceOf(CloudConnectionError);
  });

  it('keeps a submit hang-up a retryable CloudConnectionError while the ping finds every controller DOWN', async () => {
    // A slurmctld outage: slurmrestd accepts the token, but no controller answers; the token is not the cause.
    const down = fixture('ping');
    down.body.pings[0].ping = 'DOWN';
    server.use(
      http.post(`${API}/job/submit`, () => slurmError(5005, 'Zero Bytes were transmitted or received')),
      http.get(`${API}/ping`, () => reply(down)),
    );
    const failed = await connect()
      .submitJob({ code: 'print(1)' })
      .catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(CloudConnectionError);
    expect(failed).not.toBeInstanceOf(AuthenticationError);
    await expect(connect().authenticate()).resolves.toBe(false);
  });

  it('maps 2002 (access denied) to CloudExecutionError PERMISSION_DENIED', async () => {
    server.use(http.get(`${API}/job/1`, () => slurmError(2002, 'Access/permission denied')));
    const error = await connect()
      .getJobStatus('1')
      .catch((e: unknown) => e);
    expect(CloudExecutionError.isInstance(error) && error.code).toBe('PERMISSION_DENIED');
  });

  it('retries controller communication errors (1800s) as CloudConnectionError', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/job/1`, () => {
        calls++;
        return slurmError(1800, 'Unable to contact slurm controller (connect failure)');
      }),
    );
    await expect(
      connect({ retry: { maxAttempts: 3, initialDelayMs: 1 } }).getJobStatus('1'),
    ).rejects.toBeInstanceOf(CloudConnectionError);
    expect(calls).toBe(3);
  });

  it('treats "already done" from a DELETE as a job that had finished', async () => {
    server.use(
      http.delete(`${API}/job/3`, () => slurmError(2021, 'Job/step already completing or completed')),
    );
    await expect(connect().cancelJob('3')).resolves.toBe(false);
  });
});
