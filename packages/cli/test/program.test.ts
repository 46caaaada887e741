import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConnectorRegistry } from '@neural/integrations-core';
import { createManualClock } from '@neural/integrations-core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../src/index.js';
import { envFor, neural, scratch, sharedMockRegistry } from './support.js';

let dirs: ReturnType<typeof scratch>;
beforeEach(() => {
  dirs = scratch();
});
afterEach(() => dirs.cleanup());

const COMMANDS = [
  [],
  ['platforms'],
  ['platforms', 'add'],
  ['platforms', 'list'],
  ['platforms', 'remove'],
  ['platforms', 'test'],
  ['submit'],
  ['status'],
  ['result'],
  ['logs'],
  ['cancel'],
  ['list'],
  ['watch'],
  ['batch'],
  ['completion'],
];

describe('neural --help', () => {
  it.each(COMMANDS.map((path) => [path.join(' ') || '(root)', path]))(
    '%s has examples and the global options',
    async (_, path) => {
      const run = await neural([...path, '--help']);
      expect(run.code).toBe(EXIT_CODES.OK);
      expect(run.stdout).toMatch(/Examples:\n {2}\$ neural /);
      expect(run.stdout).toMatch(/--json/);
    },
  );

  it('lists the exit codes, and an unknown command or option is a usage error with a suggestion', async () => {
    expect((await neural(['--help'])).stdout).toMatch(
      /Exit codes:\n\s+0 {2}OK\n\s+1 {2}JOB_FAILED\n\s+2 {2}USAGE/,
    );
    const typo = await neural(['sumbit']);
    expect(typo.code).toBe(EXIT_CODES.USAGE);
    expect(typo.stderr).toMatch(/Did you mean submit\?/);
    expect((await neural(['status', 'x', '--colour'])).code).toBe(EXIT_CODES.USAGE);
  });
});

describe('neural completion', () => {
  it('prints bash, zsh and fish scripts naming every command and option', async () => {
    const scripts = Object.fromEntries(
      await Promise.all(
        ['bash', 'zsh', 'fish'].map(async (shell) => [shell, (await neural(['completion', shell])).stdout]),
      ),
    );
    for (const script of Object.values(scripts)) {
      for (const word of ['submit', 'watch', 'batch', 'platforms', 'platform', 'concurrency', 'resume'])
        expect(script).toContain(word);
    }
    execFileSync('bash', ['-n'], { input: scripts.bash });
    // Completing `neural sub` and `neural batch --re` through the script itself.
    const complete = (line: string) =>
      execFileSync(
        'bash',
        [
          '-c',
          `${scripts.bash}\nCOMP_WORDS=(${line}); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _neural; echo "\${COMPREPLY[*]}"`,
        ],
        { encoding: 'utf8' },
      ).trim();
    expect(complete('neural sub')).toBe('submit');
    expect(complete('neural batch --re')).toBe('--resume');
    expect(complete('neural platforms a')).toBe('add');
    if (spawnSync('zsh', ['--version']).status === 0) execFileSync('zsh', ['-n'], { input: scripts.zsh });
    if (spawnSync('fish', ['--version']).status === 0)
      execFileSync('fish', ['--no-execute'], { input: scripts.fish });
    expect((await neural(['completion', 'powershell'])).code).toBe(EXIT_CODES.USAGE);
  });
});

describe('colours', () => {
  const colour = new RegExp(`${String.fromCharCode(27)}\\[(?:1|3\\d)m`);
  it('are used on a TTY, and never with NO_COLOR, --no-color, --json or without a TTY', async () => {
    const { registry } = sharedMockRegistry();
    const env = envFor(dirs.home, { NEURAL_PLATFORM_DEV_KIND: 'mock' });
    expect((await neural(['platforms', 'list'], { env, registry, tty: true })).stdout).toMatch(colour);
    expect(
      (await neural(['platforms', 'list'], { env: { ...env, NO_COLOR: '1' }, registry, tty: true })).stdout,
    ).not.toMatch(colour);
    expect(
      (await neural(['platforms', 'list', '--no-color'], { env, registry, tty: true })).stdout,
    ).not.toMatch(colour);
    expect((await neural(['platforms', 'list'], { env, registry, tty: false })).stdout).not.toMatch(colour);
    expect((await neural(['platforms', 'list', '--json'], { env, registry, tty: true })).stdout).not.toMatch(
      colour,
    );
  });
});

describe('--trace', () => {
  it('prints a span per platform call and the metrics on stderr, without secrets', async () => {
    const clock = createManualClock();
    const { registry } = sharedMockRegistry({ clock });
    const env = envFor(dirs.home, {
      NEURAL_PLATFORM_DEV_KIND: 'mock',
      NEURAL_PLATFORM_DEV_API_KEY: 'sk-trace-secret-123',
    });
    const file = join(dirs.cwd, 'a.py');
    writeFileSync(file, '# @fake duration=1s\nprint(1)');
    const run = await neural(['submit', file, '-p', 'dev', '--wait', '--trace'], {
      env,
      registry,
      cwd: dirs.cwd,
      clock,
      drive: clock,
    });
    expect(run.code).toBe(EXIT_CODES.OK);
    const spans = run.stderr
      .split('\n')
      .filter((line) => line.startsWith('trace '))
      .map((line) => JSON.parse(line.slice(6)));
    expect(spans[0]).toMatchObject({
      name: 'neural.submitJob',
      status: 'ok',
      attributes: { 'neural.platform': 'dev', 'neural.outcome': 'success' },
    });
    expect(spans.map((span) => span.name)).toContain('neural.getJobResult');
    expect(run.stderr).toMatch(
      /^metric \{"name":"neural.connector.calls","attributes":\{"neural.operation":"submitJob"/m,
    );
    expect(run.stderr).not.toContain('sk-trace-secret-123');
  });
});

describe('connector kinds', () => {
  it('finds a kind nobody registered as a package installed beside the CLI (@neural/connector-<kind>)', async () => {
    const env = envFor(dirs.home, { NEURAL_PLATFORM_L_KIND: 'local' });
    // A registry without the built-ins, run from a folder without node_modules.
    const run = await neural(['platforms', 'test', 'l'], {
      env,
      cwd: dirs.cwd,
      registry: new ConnectorRegistry(),
    });
    expect(run.stdout).toMatch(/l \(local\): credentials accepted/);
    const unknown = await neural(['platforms', 'test', 'l'], {
      env: { ...env, NEURAL_PLATFORM_L_KIND: 'nowhere' },
      cwd: dirs.cwd,
      registry: new ConnectorRegistry(),
    });
    expect(unknown.code).toBe(EXIT_CODES.USAGE);
    expect(unknown.stderr).toMatch(/Unknown connector kind "nowhere" \(installed: none\)/);
  });

  it('loads an installed neural-connector-<kind> package from the current folder', async () => {
    const pkg = join(dirs.cwd, 'node_modules', 'neural-connector-echo');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(
      join(pkg, 'package.json'),
      JSON.stringify({ name: 'neural-connector-echo', type: 'module', main: 'index.js' }),
    );
    writeFileSync(
      join(pkg, 'index.js'),
      `export default (credentials) => ({ capabilities: {}, authenticate: async () => credentials.apiKey === 'open-sesame',
        submitJob: async () => 'echo-1', getJobStatus: async () => 'succeeded', getJobResult: async () => null,
        cancelJob: async () => false, listJobs: async () => [], getLogs: async () => 'echo!' });`,
    );
    const env = envFor(dirs.home, {
      NEURAL_PLATFORM_E_KIND: 'echo',
      NEURAL_PLATFORM_E_API_KEY: 'open-sesame',
    });
    const run = await neural(['platforms', 'test', 'e'], { env, cwd: dirs.cwd });
    expect(run.stdout).toMatch(/e \(echo\): credentials accepted/);
    expect((await neural(['logs', 'x', '-p', 'e'], { env, cwd: dirs.cwd })).stdout).toBe('echo!\n');
  });
});
