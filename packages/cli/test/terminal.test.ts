/**
 * `neural` driven through a real terminal: tmux runs a shell, the test types commands into it (send-keys) and
 * reads the screen (capture-pane), against the fake platform over HTTP. What a person at a terminal sees: the
 * live status line, the live table, followed logs, Ctrl-C.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { type FakePlatformServer, startFakePlatformServer } from '@neural/fake-platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratch } from './support.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const hasApt = spawnSync('sh', ['-c', 'command -v apt-get']).status === 0;
if (!hasTmux && hasApt) {
  throw new Error(
    'tmux is not installed: install it with `apt-get install -y tmux` (scripts/test-infra.sh does, as root)',
  );
}
const skipReason = hasTmux
  ? undefined
  : 'tmux is not installed and this machine has no apt-get to install it';

const execFileAsync = promisify(execFile);
const bin = resolve(import.meta.dirname, '..', 'dist', 'bin.js');
const socket = `neural-cli-test-${process.pid}-${Date.now()}`;
let dirs: ReturnType<typeof scratch>;
let platform: FakePlatformServer;

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
}

/** Types a command line into a window and presses Enter. */
function type(window: string, line: string): void {
  tmux('send-keys', '-t', window, '-l', line);
  tmux('send-keys', '-t', window, 'Enter');
}

/** The window's screen and scrollback, as text. */
function screen(window: string): string {
  return tmux('capture-pane', '-p', '-J', '-t', window, '-S', '-500');
}

/** Waits until the window's screen matches, and returns it (or fails with what the screen showed). */
async function waitForScreen(window: string, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = screen(window);
    if (pattern.test(text)) return text;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${pattern} in window ${window}:\n${text}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** Runs a command line and waits for its exit code, printed after it by the shell. */
async function run(
  window: string,
  line: string,
  timeoutMs?: number,
): Promise<{ screen: string; code: number }> {
  const marker = `exit-${Math.random().toString(36).slice(2, 8)}`;
  type(window, `${line}; echo "${marker}=$?"`);
  const text = await waitForScreen(window, new RegExp(`^${marker}=(\\d+)$`, 'm'), timeoutMs);
  return { screen: text, code: Number(new RegExp(`^${marker}=(\\d+)$`, 'm').exec(text)![1]) };
}

function file(name: string, code: string): string {
  const path = join(dirs.cwd, name);
  writeFileSync(path, code);
  return path;
}

describe.skipIf(skipReason !== undefined)(
  `neural in a real terminal (tmux)${skipReason ? `: skipped, ${skipReason}` : ''}`,
  () => {
    beforeAll(async () => {
      if (!existsSync(bin))
        throw new Error(`${bin} is missing: build the package first (pnpm --filter @neural/cli build)`);
      dirs = scratch();
      platform = await startFakePlatformServer({ port: 0 });
      const binDir = join(dirs.cwd, 'bin');
      mkdirSync(binDir);
      writeFileSync(join(binDir, 'neural'), `#!/bin/sh\nexec "${process.execPath}" "${bin}" "$@"\n`);
      chmodSync(join(binDir, 'neural'), 0o755);
      const env = {
        PATH: `${binDir}:${process.env.PATH ?? ''}`,
        NEURAL_HOME: dirs.home,
        NEURAL_PLATFORM: 'fake',
        NEURAL_PLATFORM_FAKE_KIND: 'http',
        NEURAL_PLATFORM_FAKE_API_KEY: platform.apiKey,
        NEURAL_PLATFORM_FAKE_ENDPOINT: platform.url,
        NEURAL_PLATFORM_LAPTOP_KIND: 'local',
        NEURAL_PLATFORM_LAPTOP_OPTIONS: JSON.stringify({
          root: join(dirs.cwd, 'local-jobs'),
          interpreter: ['node'],
          pollIntervalMs: 50,
        }),
        TERM: 'xterm-256color',
        PS1: '$ ',
      };
      // An rc file rather than tmux's -e: the shell would reset PATH and PS1 from its own defaults.
      const rc = join(dirs.cwd, 'shellrc');
      writeFileSync(
        rc,
        Object.entries(env)
          .map(([name, value]) => `export ${name}='${value}'\n`)
          .join(''),
      );
      const shell = `bash --noprofile --rcfile ${rc}`;
      tmux('new-session', '-d', '-s', 'cli', '-x', '150', '-y', '45', '-c', dirs.cwd, shell);
      tmux('new-window', '-t', 'cli', '-n', 'second', '-c', dirs.cwd, shell);
      await waitForScreen('cli:0', /^\$ $/m);
      await waitForScreen('cli:second', /^\$ $/m);
    });

    afterAll(async () => {
      spawnSync('tmux', ['-L', socket, 'kill-server']);
      await platform?.close();
      dirs?.cleanup();
    });

    it('submit --wait shows a live status line, then the formatted result', async () => {
      const job = file(
        'train.py',
        '# @fake duration=2s output="model trained" metrics={"accuracy":0.93}\nprint(1)',
      );
      type(
        'cli:0',
        `clear; neural submit ${job} --name tmux-train --wait --poll-interval 100; echo "done=$?"`,
      );
      const live = await waitForScreen('cli:0', /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] \S+ \(tmux-train\) {2}RUNNING {2}00:0\d/);
      expect(live).toMatch(/Submitted \S+ to fake/);
      const end = await waitForScreen('cli:0', /^done=\d+$/m);
      expect(end).toMatch(/^done=0$/m);
      expect(end).toMatch(
        /\S+ \(tmux-train\) {2}SUCCEEDED {2}00:0\d\nJob \S+: SUCCEEDED \(COMPLETED\)\n {2}Duration: \S+\nOutput:\n {2}model trained\nMetrics:\n {2}accuracy: 0.93/,
      );
      // The live line was redrawn in place, not printed once per poll.
      expect(end.match(/RUNNING/g)?.length ?? 0).toBeLessThanOrEqual(1);
    });

    it('watch shows a live table to the end, then a summary', async () => {
      type('cli:0', 'clear');
      type('cli:0', `A=$(neural submit ${file('a.py', '# @fake duration=1500ms\nprint(1)')} --name first)`);
      type(
        'cli:0',
        `B=$(neural submit ${file('b.py', '# @fake duration=3s fail="diverged"\nprint(1)')} --name second)`,
      );
      type('cli:0', 'neural watch $A $B --poll-interval 100; echo "watched=$?"');
      const live = await waitForScreen('cli:0', /JOB\s+NAME\s+STATUS\s+ELAPSED/);
      expect(live).toMatch(/\/2 finished/);
      const end = await waitForScreen('cli:0', /^watched=\d+$/m);
      expect(end).toMatch(/✔ \S+\s+first\s+SUCCEEDED\s+00:0\d/);
      expect(end).toMatch(/✖ \S+\s+second\s+FAILED\s+00:0\d/);
      expect(end).toMatch(/2\/2 finished\n2 jobs: 1 succeeded, 1 failed\nwatched=1/);
    });

    it('logs -f prints the logs as the job writes them, and ends with it', async () => {
      type('cli:0', 'clear');
      type(
        'cli:0',
        `C=$(neural submit ${file('l.py', '# @fake duration=2s log="epoch 1 loss=0.9" log="epoch 2 loss=0.5" log="epoch 3 loss=0.2"\nprint(1)')})`,
      );
      const { screen: text, code } = await run('cli:0', 'neural logs -f $C');
      expect(code).toBe(0);
      expect(text).toMatch(
        /epoch 1 loss=0.9[\s\S]*epoch 2 loss=0.5[\s\S]*epoch 3 loss=0.2[\s\S]*\S+: SUCCEEDED/,
      );
    });

    it('cancel, typed in a second terminal, ends the watch in the first', async () => {
      type('cli:0', 'clear');
      type(
        'cli:0',
        `D=$(neural submit ${file('forever.py', '# @fake forever\nprint(1)')} --name endless); echo "$D" > endless.id`,
      );
      await waitForScreen('cli:0', /^\$ $/m);
      type('cli:0', 'neural watch $(cat endless.id) --poll-interval 100; echo "watched=$?"');
      await waitForScreen('cli:0', /endless\s+RUNNING/);
      const cancel = await run('cli:second', 'neural cancel $(cat endless.id)');
      expect(cancel.code).toBe(0);
      expect(cancel.screen).toMatch(/Cancelled \S+/);
      const end = await waitForScreen('cli:0', /^watched=\d+$/m);
      expect(end).toMatch(/✖ \S+\s+endless\s+CANCELLED/);
      expect(end).toMatch(/1 job: 1 cancelled\nwatched=1/);
    });

    it('on the local connector: a real process, followed live; Ctrl-C stops following, cancel stops the job', async () => {
      type('cli:0', 'clear');
      const quick = file('quick.js', 'for (const step of [1, 2, 3]) console.log("step " + step);');
      const done = await run(
        'cli:0',
        `neural submit ${quick} -p laptop --name local-quick --wait --poll-interval 50`,
      );
      expect(done.code).toBe(0);
      expect(done.screen).toMatch(
        /Job local-\S+: SUCCEEDED \(EXITED\)\n[\s\S]*Output:\n {2}step 1\n {2}step 2\n {2}step 3/,
      );

      type('cli:0', 'clear');
      const slow = file('slow.js', 'console.log("working"); setInterval(() => console.log("tick"), 200);');
      type(
        'cli:0',
        `neural submit ${slow} -p laptop --name local-slow --wait --poll-interval 50; echo "waited=$?"`,
      );
      const live = await waitForScreen('cli:0', /\S+ \(local-slow\) {2}RUNNING/);
      const jobId = /(local-\S+) \(local-slow\)/.exec(live)![1]!;
      tmux('send-keys', '-t', 'cli:0', 'C-c');
      const stopped = await waitForScreen('cli:0', /^waited=\d+$/m);
      expect(stopped).toMatch(/^waited=130$/m);
      expect(stopped).toMatch(new RegExp(`Stopped following ${jobId}; it keeps running`));
      expect((await run('cli:0', `neural status ${jobId} -p laptop`)).screen).toMatch(/^RUNNING$/m);
      const following = run('cli:second', `neural logs -f ${jobId} -p laptop --poll-interval 50`);
      await waitForScreen('cli:second', /tick/);
      expect((await run('cli:0', `neural cancel ${jobId} -p laptop`)).screen).toMatch(
        new RegExp(`Cancelled ${jobId}`),
      );
      const followed = await following;
      expect(followed.code).toBe(1);
      expect(followed.screen).toMatch(new RegExp(`working[\\s\\S]*tick[\\s\\S]*${jobId}: CANCELLED`));
    });

    it('batch: Ctrl-C interrupts it, --resume finishes it, and no job is submitted twice', async () => {
      const lines = Array.from({ length: 12 }, (_, index) =>
        JSON.stringify({
          code: `# @fake duration=${600 + index * 100}ms\nprint(${index})`,
          jobName: `sweep-${index}`,
        }),
      );
      writeFileSync(join(dirs.cwd, 'sweep.jsonl'), `${lines.join('\n')}\n`);
      type('cli:0', 'clear; neural batch sweep.jsonl --concurrency 2 --poll-interval 100; echo "batch=$?"');
      await waitForScreen('cli:0', /(Submitting|Finished) +[█░]+ \d+\/12/);
      tmux('send-keys', '-t', 'cli:0', 'C-c');
      const stopped = await waitForScreen('cli:0', /^batch=\d+$/m);
      expect(stopped).toMatch(/^batch=130$/m);
      expect(stopped).toMatch(/Interrupted.*Continue with: neural batch sweep\.jsonl --resume/);

      const resumed = await run(
        'cli:0',
        'clear; neural batch sweep.jsonl --concurrency 2 --poll-interval 100 --resume',
        60_000,
      );
      expect(resumed.code).toBe(0);
      expect(resumed.screen).toMatch(/Finished +█+ 12\/12/);
      expect(resumed.screen).toMatch(/12 jobs: 12 succeeded/);
      // Asynchronously: the fake platform answers from this process's event loop.
      const { stdout: listed } = await execFileAsync(
        process.execPath,
        [bin, 'list', '--limit', '1000', '--json'],
        {
          encoding: 'utf8',
          env: {
            ...process.env,
            NEURAL_HOME: dirs.home,
            NEURAL_PLATFORM: 'fake',
            NEURAL_PLATFORM_FAKE_KIND: 'http',
            NEURAL_PLATFORM_FAKE_API_KEY: platform.apiKey,
            NEURAL_PLATFORM_FAKE_ENDPOINT: platform.url,
          },
        },
      );
      const names = (JSON.parse(listed) as { name?: string }[])
        .map((job) => job.name)
        .filter((name) => name?.startsWith('sweep-'));
      expect(names.sort()).toEqual(Array.from({ length: 12 }, (_, index) => `sweep-${index}`).sort());
    });
  },
);
