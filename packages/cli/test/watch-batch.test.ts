import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { foldJournal, JobStatus, type JournalRecord } from '@neural/integrations-core';
import { createManualClock } from '@neural/integrations-core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../src/index.js';
import { envFor, neural, scratch, sharedMockRegistry } from './support.js';

let dirs: ReturnType<typeof scratch>;
let env: Record<string, string>;
beforeEach(() => {
  dirs = scratch();
  env = envFor(dirs.home, { NEURAL_PLATFORM_DEV_KIND: 'mock' });
});
afterEach(() => dirs.cleanup());

function records(path: string): JournalRecord[] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as JournalRecord);
}

describe('neural watch', () => {
  it('without a TTY, prints one line per status change and a summary; exit 1 when one did not succeed', async () => {
    const clock = createManualClock();
    const { registry } = sharedMockRegistry({ clock });
    const submit = async (code: string, name: string) => {
      const file = join(dirs.cwd, `${name}.py`);
      writeFileSync(file, code);
      return (
        await neural(['submit', file, '-p', 'dev', '--name', name], { env, registry, cwd: dirs.cwd })
      ).stdout.trim();
    };
    const a = await submit('# @fake duration=2s\nprint(1)', 'a');
    const b = await submit('# @fake duration=4s fail="diverged"\nprint(1)', 'b');
    const run = await neural(['watch', a, b, '-p', 'dev'], { env, registry, clock, drive: clock });
    expect(run.code).toBe(EXIT_CODES.JOB_FAILED);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        `${a} (a): PENDING`,
        `${a} (a): PENDING -> RUNNING`,
        `${a} (a): RUNNING -> SUCCEEDED`,
        `${b} (b): RUNNING -> FAILED`,
      ]),
    );
    expect(lines.at(-1)).toBe('2 jobs: 1 succeeded, 1 failed');
  });

  it('--all --json watches every unfinished job and prints NDJSON events ending with a summary', async () => {
    const clock = createManualClock();
    const { registry, mock } = sharedMockRegistry({ clock });
    await neural(['list', '-p', 'dev'], { env, registry });
    const finished = await mock().submitJob({ code: '# @fake duration=1s\nprint(1)' });
    await clock.advance(10_000);
    const running = await mock().submitJob({ code: '# @fake duration=3s\nprint(1)', jobName: 'later' });
    const run = await neural(['watch', '--all', '-p', 'dev', '--json'], {
      env,
      registry,
      clock,
      drive: clock,
    });
    expect(run.code).toBe(EXIT_CODES.OK);
    const events = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(events.every((event) => event.jobId !== finished)).toBe(true);
    expect(
      events
        .filter((event) => event.event === 'status')
        .map((event) => [event.jobId, event.name, event.status]),
    ).toEqual([
      [running, 'later', 'pending'],
      [running, 'later', 'running'],
      [running, 'later', 'succeeded'],
    ]);
    expect(events.at(-1)).toEqual({
      event: 'summary',
      total: 1,
      byStatus: { succeeded: 1 },
      interrupted: false,
      timedOut: false,
    });
  });

  it('on a TTY, draws a live table that ends with every row finished and a summary', async () => {
    const clock = createManualClock();
    const { registry } = sharedMockRegistry({ clock });
    const file = join(dirs.cwd, 'tty.py');
    writeFileSync(file, '# @fake duration=2s\nprint(1)');
    const id = (
      await neural(['submit', file, '-p', 'dev', '--name', 'tty'], { env, registry, cwd: dirs.cwd })
    ).stdout.trim();
    const run = await neural(['watch', id, '-p', 'dev'], {
      env: { ...env, NO_COLOR: '1' },
      registry,
      clock,
      drive: clock,
      tty: true,
    });
    expect(run.code).toBe(EXIT_CODES.OK);
    expect(run.stdout).toMatch(new RegExp(`✔ ${id}\\s+tty\\s+SUCCEEDED\\s+00:0[23]`));
    expect(run.stdout).toMatch(/1\/1 finished/);
    expect(run.stdout).toMatch(/1 job: 1 succeeded\n$/);
    // NO_COLOR: cursor movement, but no colours.
    expect(run.stdout).not.toMatch(new RegExp(`${String.fromCharCode(27)}\\[3\\dm`));
  });

  it('--timeout stops watching (exit 6), never the jobs', async () => {
    const clock = createManualClock();
    const { registry, mock } = sharedMockRegistry({ clock });
    await neural(['list', '-p', 'dev'], { env, registry });
    const id = await mock().submitJob({ code: '# @fake forever\nprint(1)' });
    const run = await neural(['watch', id, '-p', 'dev', '--timeout', '30'], {
      env,
      registry,
      clock,
      drive: clock,
    });
    expect(run.code).toBe(EXIT_CODES.TIMEOUT);
    expect(run.stdout).toMatch(/1 job: 1 running \(timed out; the jobs keep running\)\n$/);
    expect(await mock().getJobStatus(id)).toBe(JobStatus.RUNNING);
  });

  it('refuses to watch nothing, and reports a job that does not exist', async () => {
    const { registry } = sharedMockRegistry();
    expect((await neural(['watch', '-p', 'dev'], { env, registry })).code).toBe(EXIT_CODES.USAGE);
    const run = await neural(['watch', 'job-missing', '-p', 'dev'], { env, registry });
    expect(run.stdout).toMatch(/job-missing: JOB_NOT_FOUND\n1 job: 1 unwatchable\n$/);
    expect(run.code).toBe(EXIT_CODES.JOB_FAILED);
  });
});

describe('neural batch', () => {
  function batchFile(lines: readonly object[]): string {
    const path = join(dirs.cwd, 'sweep.jsonl');
    writeFileSync(path, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
    return path;
  }

  it('checks every line before anything is sent', async () => {
    const { registry, mock } = sharedMockRegistry();
    const path = batchFile([
      { code: 'print(1)' },
      { file: 'missing.py' },
      { code: 'x', environment: { '1X': 'y' } },
      { nope: 1 },
    ]);
    const run = await neural(['batch', path, '-p', 'dev'], { env, registry, cwd: dirs.cwd });
    expect(run.code).toBe(EXIT_CODES.USAGE);
    expect(run.stderr).toMatch(/line 2.file: must be a readable file \(ENOENT\)/);
    expect(run.stderr).toMatch(/line 3.environment.1X/);
    expect(run.stderr).toMatch(/line 4.nope: is not a known option/);
    expect(mock().calls.submitJob).toHaveLength(0);
    expect(existsSync(join(dirs.cwd, 'sweep.journal.jsonl'))).toBe(false);
  });

  it('submits and waits for every job; interrupted, it resumes without submitting anything twice', async () => {
    const clock = createManualClock();
    const { registry, mock } = sharedMockRegistry({ clock });
    writeFileSync(join(dirs.cwd, 'train.py'), '# @fake duration=2s\nprint("from a file")');
    const path = batchFile([
      ...Array.from({ length: 5 }, (_, index) => ({
        code: `# @fake duration=${index + 1}s\nprint(${index})`,
        jobName: `job-${index}`,
      })),
      { file: 'train.py', resourceConfig: { cpuCount: 2 } },
    ]);
    await neural(['list', '-p', 'dev'], { env, registry });
    // Ctrl-C right after the second submit returns: with one submit at a time, no third one starts.
    const interrupt = new AbortController();
    const submitJob = mock().submitJob.bind(mock());
    mock().submitJob = async (request) => {
      const id = await submitJob(request);
      if (mock().calls.submitJob.length === 2) interrupt.abort();
      return id;
    };
    const stopped = await neural(['batch', path, '-p', 'dev', '--concurrency', '1'], {
      env,
      registry,
      cwd: dirs.cwd,
      clock,
      signal: interrupt.signal,
    });
    expect(stopped.code).toBe(EXIT_CODES.INTERRUPTED);
    // The second answer came back after Ctrl-C: the journal holds it as sent but unsettled, and --resume sends
    // it again under the same idempotency key, which the platform answers with the same job.
    expect(stopped.stderr).toMatch(
      /Interrupted: 1 of 6 submitted \(journal .*sweep.journal.jsonl\)\. Continue with: neural batch .* --resume/,
    );
    expect(mock().calls.submitJob).toHaveLength(2);

    const refused = await neural(['batch', path, '-p', 'dev'], { env, registry, cwd: dirs.cwd });
    expect(refused.code).toBe(EXIT_CODES.USAGE);
    expect(refused.stderr).toMatch(/--resume: a journal of an earlier run exists/);

    const resumed = await neural(['batch', path, '-p', 'dev', '--resume', '--json'], {
      env,
      registry,
      cwd: dirs.cwd,
      clock,
      drive: clock,
    });
    expect(resumed.code).toBe(EXIT_CODES.OK);
    const report = JSON.parse(resumed.stdout);
    expect(report).toMatchObject({
      total: 6,
      submitted: 6,
      alreadySubmitted: 1,
      submitFailures: [],
      byStatus: { succeeded: 6 },
    });
    const calls = mock().calls.submitJob;
    expect(calls).toHaveLength(7);
    expect(new Set(calls.map((call) => call.args[0].idempotencyKey)).size).toBe(6);
    expect(await mock().listJobs({ limit: 100 })).toHaveLength(6);
    expect(
      calls.find((call) => call.args[0].code.includes('from a file'))!.args[0].resourceConfig,
    ).toMatchObject({ cpuCount: 2 });
    const entries = [...foldJournal(records(join(dirs.cwd, 'sweep.journal.jsonl'))).values()];
    expect(entries.map((entry) => entry.status)).toEqual(Array(6).fill(JobStatus.SUCCEEDED));
  });

  it('--no-wait prints the ids once submitted; --resume with no journal is refused', async () => {
    const { registry } = sharedMockRegistry({ clock: createManualClock() });
    const path = batchFile([{ code: 'print(1)' }, { code: 'print(2)' }]);
    expect(
      (await neural(['batch', path, '-p', 'dev', '--resume'], { env, registry, cwd: dirs.cwd })).stderr,
    ).toMatch(/there is no journal to resume/);
    const run = await neural(['batch', path, '-p', 'dev', '--no-wait'], { env, registry, cwd: dirs.cwd });
    expect(run.code).toBe(EXIT_CODES.OK);
    expect(run.stdout).toBe('mock-job-1\nmock-job-2\n');
    expect(run.stderr).toMatch(/submitted 1\/2\nsubmitted 2\/2\nSubmitted 2 job\(s\)\n/);
  });
});
