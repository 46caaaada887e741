import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CloudException,
  type Connector,
  ConnectorRegistry,
  getCapabilities,
  JobStatus,
} from '@neural/integrations-core';
import { createManualClock } from '@neural/integrations-core/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EXIT_CODES } from '../src/index.js';
import { envFor, neural, scratch, sharedMockRegistry } from './support.js';

const SECRET = 'sk-live-9d3e7a1c5b2f';
let dirs: ReturnType<typeof scratch>;
let env: Record<string, string>;
beforeEach(() => {
  dirs = scratch();
  env = envFor(dirs.home, { NEURAL_PLATFORM_DEV_KIND: 'mock', NEURAL_PLATFORM_DEV_API_KEY: SECRET });
});
afterEach(() => dirs.cleanup());

function codeFile(name: string, code: string): string {
  const path = join(dirs.cwd, name);
  writeFileSync(path, code);
  return path;
}

describe('neural submit', () => {
  it('submits with the resources, environment, name and dependencies given, journaled under a fresh key, and prints the id', async () => {
    const { registry, mock } = sharedMockRegistry({ clock: createManualClock() });
    const file = codeFile('train.py', 'print("hi")');
    const run = await neural(
      [
        'submit',
        file,
        '-p',
        'dev',
        '--gpus',
        '2',
        '--memory',
        '16',
        '--cpus',
        '4',
        '--max-hours',
        '1.5',
        '--env',
        'EPOCHS=3',
        '--env',
        `TOKEN=${SECRET}`,
        '--name',
        'sweep-1',
        '--dep',
        'numpy>=1.23',
      ],
      { env, registry, cwd: dirs.cwd },
    );
    expect(run.code).toBe(EXIT_CODES.OK);
    const [call] = mock().calls.submitJob;
    const request = call!.args[0];
    const jobId = run.stdout.trim();
    expect(jobId).toBe(call!.result);
    expect(request).toMatchObject({
      code: 'print("hi")',
      environment: { EPOCHS: '3', TOKEN: SECRET },
      dependencies: ['numpy>=1.23'],
      jobName: 'sweep-1',
    });
    expect(request.resourceConfig).toMatchObject({
      gpuEnabled: true,
      gpuCount: 2,
      memoryGb: 16,
      cpuCount: 4,
      maxRuntimeHours: 1.5,
    });
    expect(request.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    const journal = readFileSync(join(dirs.home, 'journals', 'dev.jsonl'), 'utf8');
    expect(journal).toContain(`"key":"${request.idempotencyKey}"`);
    expect(journal).toContain(`"jobId":"${jobId}"`);
    expect(journal).not.toContain(SECRET);

    const second = await neural(['submit', file, '-p', 'dev'], { env, registry, cwd: dirs.cwd });
    expect(mock().calls.submitJob).toHaveLength(2);
    expect(mock().calls.submitJob[1]!.args[0].idempotencyKey).not.toBe(request.idempotencyKey);
    expect(second.stdout.trim()).not.toBe(jobId);
  });

  it('scrubs secret-looking --env values from what the job prints', async () => {
    const clock = createManualClock();
    const { registry } = sharedMockRegistry({ clock });
    const file = codeFile('echo.py', '# @fake duration=1s output="token is tok-0123456789abcdef"\nprint(1)');
    const run = await neural(
      ['submit', file, '-p', 'dev', '--env', 'HF_TOKEN=tok-0123456789abcdef', '--env', 'EPOCHS=3', '--wait'],
      {
        env,
        registry,
        cwd: dirs.cwd,
        clock,
        drive: clock,
      },
    );
    expect(run.stdout).toMatch(/Output:\n {2}token is \[REDACTED\]/);
    expect(run.stdout).not.toContain('tok-0123456789abcdef');
  });

  it('never submits twice under the same --idempotency-key', async () => {
    const { registry, mock } = sharedMockRegistry({ clock: createManualClock() });
    const file = codeFile('a.py', 'print(1)');
    const first = await neural(['submit', file, '-p', 'dev', '--idempotency-key', 'run-42', '--json'], {
      env,
      registry,
      cwd: dirs.cwd,
    });
    const second = await neural(['submit', file, '-p', 'dev', '--idempotency-key', 'run-42', '--json'], {
      env,
      registry,
      cwd: dirs.cwd,
    });
    expect(JSON.parse(first.stdout)).toMatchObject({
      platform: 'dev',
      idempotencyKey: 'run-42',
      alreadySubmitted: false,
    });
    expect(JSON.parse(second.stdout)).toEqual({ ...JSON.parse(first.stdout), alreadySubmitted: true });
    expect(mock().calls.submitJob).toHaveLength(1);
  });

  it('refuses a bad request before the journal or the platform sees it', async () => {
    const { registry, mock } = sharedMockRegistry();
    const file = codeFile('a.py', 'print(1)');
    const run = await neural(['submit', file, '-p', 'dev', '--env', '1BAD=x', '--gpus', '1', '--json'], {
      env,
      registry,
      cwd: dirs.cwd,
    });
    expect(run.code).toBe(EXIT_CODES.USAGE);
    expect(JSON.parse(run.stdout).error).toMatchObject({
      code: 'INVALID_PARAMETER',
      issues: [{ field: 'environment.1BAD' }],
    });
    expect(mock()?.calls.submitJob ?? []).toHaveLength(0);
    expect(existsSync(join(dirs.home, 'journals', 'dev.jsonl'))).toBe(false);
    const gpus = await neural(['submit', file, '-p', 'dev', '--gpus', 'two'], {
      env,
      registry,
      cwd: dirs.cwd,
    });
    expect(gpus.code).toBe(EXIT_CODES.USAGE);
    expect(gpus.stderr).toMatch(/--gpus: must be a whole number of at least 0 \(got "two"\)/);
    const missing = await neural(['submit', 'nope.py', '-p', 'dev'], { env, registry, cwd: dirs.cwd });
    expect(missing.stderr).toMatch(/<file>: must be a readable file \(ENOENT: nope.py\)/);
  });

  it('--wait follows the job to its end and prints the formatted result; exit 1 when the job failed', async () => {
    const clock = createManualClock();
    const { registry } = sharedMockRegistry({ clock });
    const ok = codeFile('ok.py', '# @fake duration=3s metrics={"loss":0.25}\nprint("trained")');
    const done = await neural(['submit', ok, '-p', 'dev', '--wait', '--name', 'ok'], {
      env,
      registry,
      cwd: dirs.cwd,
      clock,
      drive: clock,
    });
    expect(done.code).toBe(EXIT_CODES.OK);
    expect(done.stdout).toMatch(
      /^Job \S+: SUCCEEDED \(COMPLETED\)\n {2}Duration: 3s\nOutput:\n {2}trained\nMetrics:\n {2}loss: 0.25/,
    );
    expect(done.stderr).toMatch(
      /^Submitted (\S+) to dev\n\1 \(ok\): PENDING\n\1 \(ok\): RUNNING\n\1 \(ok\): SUCCEEDED\n$/,
    );

    const bad = codeFile('bad.py', '# @fake duration=1s fail="out of memory"\nprint(1)');
    const failed = await neural(['submit', bad, '-p', 'dev', '--wait', '--json'], {
      env,
      registry,
      cwd: dirs.cwd,
      clock,
      drive: clock,
    });
    expect(failed.code).toBe(EXIT_CODES.JOB_FAILED);
    expect(JSON.parse(failed.stdout).result).toMatchObject({
      status: JobStatus.FAILED,
      error: 'out of memory',
    });
  });

  it('stops following on Ctrl-C, leaving the job running (exit 130)', async () => {
    const clock = createManualClock();
    const { registry, mock } = sharedMockRegistry({ clock });
    const file = codeFile('long.py', '# @fake forever\nprint(1)');
    const interrupt = new AbortController();
    const running = neural(['submit', file, '-p', 'dev', '--wait'], {
      env,
      registry,
      cwd: dirs.cwd,
      clock,
      signal: interrupt.signal,
    });
    // Waits (in real time: the submit writes its journal to disk) until the job is being followed.
    await vi.waitFor(() => expect(mock()?.calls.getJobStatus.length).toBeGreaterThan(0), { timeout: 10_000 });
    interrupt.abort();
    const run = await running;
    expect(run.code).toBe(EXIT_CODES.INTERRUPTED);
    expect(run.stderr).toMatch(/Stopped following (\S+); it keeps running \(neural watch \1 -p dev\)/);
    expect([JobStatus.PENDING, JobStatus.RUNNING]).toContain(
      await mock().getJobStatus(mock().calls.submitJob[0]!.result!),
    );
  });
});

describe('neural status | result | logs | cancel | list', () => {
  it('answers for a job, in text and in JSON', async () => {
    const clock = createManualClock();
    const { registry, mock } = sharedMockRegistry({ clock });
    const jobId = await neural(
      [
        'submit',
        codeFile('a.py', '# @fake duration=2s log="step 1" log="step 2"\nprint("out")'),
        '-p',
        'dev',
        '--name',
        'a',
      ],
      { env, registry, cwd: dirs.cwd },
    ).then((run) => run.stdout.trim());
    const status = await neural(['status', jobId, '-p', 'dev'], { env, registry });
    expect(status).toMatchObject({ code: 0, stdout: 'PENDING\n' });
    await clock.advance(5_000);
    expect(
      JSON.parse((await neural(['status', jobId, '-p', 'dev', '--json'], { env, registry })).stdout),
    ).toEqual({ jobId, status: 'succeeded' });
    const result = await neural(['result', jobId, '-p', 'dev', '--json'], { env, registry });
    expect(JSON.parse(result.stdout)).toMatchObject({ jobId, status: 'succeeded', output: 'out' });
    const logs = await neural(['logs', jobId, '-p', 'dev'], { env, registry });
    expect(logs.stdout).toMatch(/step 1\n.*step 2/s);
    const list = await neural(['list', '-p', 'dev', '--status', 'succeeded', '--limit', '5'], {
      env,
      registry,
    });
    expect(list.stdout).toMatch(
      new RegExp(
        `^JOB\\s+NAME\\s+STATUS\\s+CREATED\\n${jobId}\\s+a\\s+SUCCEEDED\\s+2026-01-01T00:00:00.000Z\\n$`,
      ),
    );
    expect(mock().calls.listJobs.at(-1)!.args[0]).toMatchObject({ limit: 5, statusFilter: 'succeeded' });
    const badStatus = await neural(['list', '-p', 'dev', '--status', 'done'], { env, registry });
    expect(badStatus.code).toBe(EXIT_CODES.USAGE);
    expect(badStatus.stderr).toMatch(
      /Allowed choices are pending, running, succeeded, failed, cancelled, unknown/,
    );
    const unknown = await neural(['result', 'job-nope', '-p', 'dev'], { env, registry });
    expect(unknown.code).toBe(EXIT_CODES.NOT_FOUND);
  });

  it('cancels a running job and says when there was nothing to cancel', async () => {
    const clock = createManualClock();
    const { registry } = sharedMockRegistry({ clock });
    const jobId = (
      await neural(['submit', codeFile('f.py', '# @fake forever\nprint(1)'), '-p', 'dev'], {
        env,
        registry,
        cwd: dirs.cwd,
      })
    ).stdout.trim();
    await clock.advance(1_000);
    const cancelled = await neural(['cancel', jobId, '-p', 'dev'], { env, registry });
    expect(cancelled.stdout).toBe(`Cancelled ${jobId}\n`);
    const again = await neural(['cancel', jobId, '-p', 'dev', '--json'], { env, registry });
    expect(JSON.parse(again.stdout)).toEqual({ jobId, cancelled: false });
    const result = await neural(['result', jobId, '-p', 'dev'], { env, registry });
    expect(result.code).toBe(EXIT_CODES.JOB_FAILED);
    expect(result.stdout).toMatch(/CANCELLED/);
  });

  it('logs -f prints the logs as they are written until the job ends', async () => {
    const clock = createManualClock();
    const { registry } = sharedMockRegistry({ clock });
    const jobId = (
      await neural(
        [
          'submit',
          codeFile('l.py', '# @fake duration=3s log="epoch 1" log="epoch 2" log="epoch 3"\nprint("done")'),
          '-p',
          'dev',
        ],
        { env, registry, cwd: dirs.cwd },
      )
    ).stdout.trim();
    const followed = await neural(['logs', '-f', jobId, '-p', 'dev'], { env, registry, clock, drive: clock });
    expect(followed.code).toBe(EXIT_CODES.OK);
    expect(followed.stdout).toMatch(/epoch 1\n.*epoch 2\n.*epoch 3/s);
    expect(followed.stderr).toBe(`${jobId}: SUCCEEDED\n`);
  });
});

describe('secrets', () => {
  it('are never printed, whatever the error says, in text, JSON or traces', async () => {
    const leaky: Connector = {
      capabilities: getCapabilities({} as Connector),
      authenticate: async () => {
        throw new CloudException(`refused key ${SECRET} at https://user:${SECRET}@ml.example.com`, {
          code: 'AUTH',
        });
      },
      submitJob: async () => 'x',
      getJobStatus: async () => {
        throw new Error(`socket hang up while sending Authorization: Bearer ${SECRET}`);
      },
      getJobResult: async () => {
        throw new Error('unused');
      },
      cancelJob: async () => false,
      listJobs: async () => [],
      getLogs: async () => `the job printed ${SECRET}`,
    };
    const registry = new ConnectorRegistry().register('leaky', () => leaky);
    const leakyEnv = envFor(dirs.home, {
      NEURAL_PLATFORM_L_KIND: 'leaky',
      NEURAL_PLATFORM_L_API_KEY: SECRET,
    });
    const runs = await Promise.all([
      neural(['status', 'j', '-p', 'l'], { env: leakyEnv, registry }),
      neural(['status', 'j', '-p', 'l', '--json'], { env: leakyEnv, registry }),
      neural(['status', 'j', '-p', 'l', '--trace'], { env: leakyEnv, registry }),
      neural(['platforms', 'test', 'l'], { env: leakyEnv, registry }),
      neural(['logs', 'j', '-p', 'l'], { env: leakyEnv, registry }),
      neural(['platforms', 'list', '--json'], { env: leakyEnv, registry }),
    ]);
    expect(runs.map((run) => run.code)).toEqual([70, 70, 70, EXIT_CODES.PLATFORM, 0, 0]);
    expect(runs[0]!.stderr).toMatch(/socket hang up while sending Authorization: Bearer \[REDACTED\]/);
    expect(runs[4]!.stdout).toBe('the job printed [REDACTED]\n');
    for (const run of runs) expect(run.stdout + run.stderr).not.toContain(SECRET);
  });
});
