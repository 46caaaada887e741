import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FakePlatformServer, startFakePlatformServer } from '@neural/fake-platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../src/index.js';
import { envFor, neural, scratch } from './support.js';

// Through the process-wide registry with the reference connectors, as the `neural` binary runs.
let dirs: ReturnType<typeof scratch>;
beforeAll(() => {
  dirs = scratch();
});
afterAll(() => dirs.cleanup());

function file(name: string, code: string): string {
  const path = join(dirs.cwd, name);
  writeFileSync(path, code);
  return path;
}

describe('against @neural/connector-local (real processes)', () => {
  const env = () =>
    envFor(dirs.home, {
      NEURAL_PLATFORM_LAPTOP_KIND: 'local',
      NEURAL_PLATFORM_LAPTOP_OPTIONS: JSON.stringify({
        root: join(dirs.cwd, 'local-jobs'),
        interpreter: ['node'],
        pollIntervalMs: 20,
      }),
    });

  it('submit --wait runs the code and prints its output and metrics', async () => {
    const run = await neural(
      [
        'submit',
        file('ok.js', 'console.log("hello", process.env.WHO); console.log(\'NEURAL_METRIC {"acc": 0.5}\')'),
        '-p',
        'laptop',
        '--env',
        'WHO=cli',
        '--wait',
        '--poll-interval',
        '20',
      ],
      { env: env(), cwd: dirs.cwd },
    );
    expect(run.code).toBe(EXIT_CODES.OK);
    expect(run.stdout).toMatch(
      /^Job local-\S+: SUCCEEDED \(EXITED\)\n.*Output:\n {2}hello cli\n.*Metrics:\n {2}acc: 0.5/s,
    );
  });

  it('cancels a running job, and logs -f ends when the job does', async () => {
    const jobId = (
      await neural(
        ['submit', file('slow.js', 'console.log("started"); setTimeout(() => {}, 60_000)'), '-p', 'laptop'],
        { env: env(), cwd: dirs.cwd },
      )
    ).stdout.trim();
    const following = neural(['logs', '-f', jobId, '-p', 'laptop', '--poll-interval', '20'], {
      env: env(),
      cwd: dirs.cwd,
    });
    const cancelled = await neural(['cancel', jobId, '-p', 'laptop'], { env: env(), cwd: dirs.cwd });
    expect(cancelled.stdout).toBe(`Cancelled ${jobId}\n`);
    const followed = await following;
    expect(followed.code).toBe(EXIT_CODES.JOB_FAILED);
    expect(followed.stderr).toBe(`${jobId}: CANCELLED\n`);
    const status = await neural(['status', jobId, '-p', 'laptop', '--json'], { env: env(), cwd: dirs.cwd });
    expect(JSON.parse(status.stdout)).toEqual({ jobId, status: 'cancelled' });
  });
});

describe('against the fake platform over HTTP (@neural/connector-http)', () => {
  let platform: FakePlatformServer;
  beforeAll(async () => {
    platform = await startFakePlatformServer({ port: 0 });
  });
  afterAll(() => platform.close());
  const env = () =>
    envFor(dirs.home, {
      NEURAL_PLATFORM_FAKE_KIND: 'http',
      NEURAL_PLATFORM_FAKE_API_KEY: platform.apiKey,
      NEURAL_PLATFORM_FAKE_ENDPOINT: platform.url,
    });

  it('platforms test, submit --wait, watch and list', async () => {
    expect((await neural(['platforms', 'test', 'fake'], { env: env() })).code).toBe(EXIT_CODES.OK);
    const wrong = await neural(['platforms', 'test', 'fake'], {
      env: { ...env(), NEURAL_PLATFORM_FAKE_API_KEY: 'not-the-key-at-all' },
    });
    expect(wrong.code).toBe(EXIT_CODES.AUTH);
    expect(wrong.stdout + wrong.stderr).not.toContain('not-the-key-at-all');

    const done = await neural(
      [
        'submit',
        file('fake.py', '# @fake duration=200ms output="trained" metrics={"loss":0.1}\nprint(1)'),
        '-p',
        'fake',
        '--name',
        'fake-1',
        '--wait',
        '--poll-interval',
        '50',
        '--json',
      ],
      { env: env(), cwd: dirs.cwd },
    );
    expect(done.code).toBe(EXIT_CODES.OK);
    const { jobId, result } = JSON.parse(done.stdout);
    expect(result).toMatchObject({ status: 'succeeded', output: 'trained', metrics: { loss: 0.1 } });

    const second = (
      await neural(
        ['submit', file('f2.py', '# @fake duration=300ms\nprint(1)'), '-p', 'fake', '--name', 'fake-2'],
        { env: env(), cwd: dirs.cwd },
      )
    ).stdout.trim();
    const watched = await neural(['watch', second, jobId, '-p', 'fake', '--poll-interval', '50'], {
      env: env(),
      cwd: dirs.cwd,
    });
    expect(watched.code).toBe(EXIT_CODES.OK);
    expect(watched.stdout).toMatch(new RegExp(`${second} \\(fake-2\\): (PENDING|RUNNING) -> SUCCEEDED`));
    expect(watched.stdout.trim().split('\n').at(-1)).toBe('2 jobs: 2 succeeded');
    const listed = await neural(['list', '-p', 'fake', '--json'], { env: env() });
    expect(JSON.parse(listed.stdout).map((job: { id: string }) => job.id)).toEqual(
      expect.arrayContaining([jobId, second]),
    );
  });

  it('logs -f streams a job that logs, and cancel stops one that runs forever', async () => {
    const logged = (
      await neural(
        [
          'submit',
          file('l.py', '# @fake duration=300ms log="epoch 1" log="epoch 2"\nprint(1)'),
          '-p',
          'fake',
        ],
        { env: env(), cwd: dirs.cwd },
      )
    ).stdout.trim();
    const followed = await neural(['logs', '-f', logged, '-p', 'fake'], { env: env() });
    expect(followed.code).toBe(EXIT_CODES.OK);
    expect(followed.stdout).toMatch(/epoch 1\n.*epoch 2/s);
    const forever = (
      await neural(['submit', file('f.py', '# @fake forever\nprint(1)'), '-p', 'fake'], {
        env: env(),
        cwd: dirs.cwd,
      })
    ).stdout.trim();
    expect((await neural(['cancel', forever, '-p', 'fake'], { env: env() })).stdout).toBe(
      `Cancelled ${forever}\n`,
    );
    const result = await neural(['result', forever, '-p', 'fake'], { env: env() });
    expect(result.code).toBe(EXIT_CODES.JOB_FAILED);
  });
});
