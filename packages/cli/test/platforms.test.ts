import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../src/index.js';
import { envFor, neural, scratch, sharedMockRegistry } from './support.js';

const SECRET = 'sk-live-4f8a2c9e7b1d';
let dirs: ReturnType<typeof scratch>;
beforeEach(() => {
  dirs = scratch();
});
afterEach(() => dirs.cleanup());

describe('neural platforms', () => {
  it('adds a platform to a private credentials file, lists it without its secrets, and removes it', async () => {
    const { registry } = sharedMockRegistry();
    const env = envFor(dirs.home);
    const added = await neural(
      [
        'platforms',
        'add',
        'dev',
        '--kind',
        'mock',
        '--credential',
        `apiKey=${SECRET}`,
        '--option',
        'durationMs=10',
        '--gpus',
        '1',
      ],
      { env, registry, cwd: dirs.cwd },
    );
    expect(added).toMatchObject({ code: EXIT_CODES.OK });
    const file = join(dirs.home, 'credentials.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      dev: {
        kind: 'mock',
        credentials: { apiKey: SECRET },
        options: { durationMs: 10 },
        defaults: { gpuEnabled: true, gpuCount: 1 },
      },
    });

    const listed = await neural(['platforms', 'list', '--json'], { env, registry });
    expect(JSON.parse(listed.stdout)).toEqual([
      {
        name: 'dev',
        kind: 'mock',
        source: 'file',
        credentialFields: ['apiKey'],
        options: { durationMs: 10 },
        defaults: { gpuEnabled: true, gpuCount: 1 },
      },
    ]);
    const table = await neural(['platforms', 'list'], { env, registry });
    expect(table.stdout).toMatch(/^NAME\s+KIND\s+SOURCE\s+CREDENTIALS\ndev\s+mock\s+file\s+apiKey\n$/);

    const again = await neural(['platforms', 'add', 'dev', '--kind', 'mock'], { env, registry });
    expect(again.code).toBe(EXIT_CODES.USAGE);
    expect(again.stderr).toMatch(/exists already; pass --force/);

    expect((await neural(['platforms', 'remove', 'dev'], { env, registry })).code).toBe(EXIT_CODES.OK);
    expect((await neural(['platforms', 'remove', 'dev'], { env, registry })).code).toBe(EXIT_CODES.NOT_FOUND);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({});
    for (const run of [added, listed, table]) expect(run.stdout + run.stderr).not.toContain(SECRET);
  });

  it('reads credentials from stdin, and refuses bad ones before anything is written', async () => {
    const { registry } = sharedMockRegistry();
    const env = envFor(dirs.home);
    const stdin = (async function* () {
      yield JSON.stringify({ apiKey: SECRET, endpoint: 'https://ml.example.com' });
    })();
    const added = await neural(['platforms', 'add', 'prod', '--kind', 'http', '--credentials-stdin'], {
      env,
      registry,
      stdin,
    });
    expect(added.code).toBe(EXIT_CODES.OK);
    expect(
      JSON.parse(readFileSync(join(dirs.home, 'credentials.json'), 'utf8')).prod.credentials.apiKey,
    ).toBe(SECRET);

    const missing = await neural(
      ['platforms', 'add', 'broken', '--kind', 'http', '--credential', `apiKey=${SECRET}`],
      { env, registry },
    );
    expect(missing.code).toBe(EXIT_CODES.USAGE);
    expect(missing.stderr).toMatch(/endpoint/);
    expect(missing.stderr).not.toContain(SECRET);
    expect(Object.keys(JSON.parse(readFileSync(join(dirs.home, 'credentials.json'), 'utf8')))).toEqual([
      'prod',
    ]);

    const unknown = await neural(['platforms', 'add', 'x', '--kind', 'nope'], {
      env,
      registry,
      cwd: dirs.cwd,
    });
    expect(unknown.code).toBe(EXIT_CODES.USAGE);
    expect(unknown.stderr).toMatch(/Unknown connector kind "nope" \(installed: http, local, mock, slurm\)/);

    const badName = await neural(['platforms', 'add', 'Bad Name', '--kind', 'mock'], { env, registry });
    expect(badName.code).toBe(EXIT_CODES.USAGE);
    expect(badName.stderr).toMatch(/name: must be lower-case letters/);
  });

  it('reads platforms from NEURAL_PLATFORM_<NAME>_* variables, and test says what was refused', async () => {
    const { registry } = sharedMockRegistry({ acceptApiKey: 'the-right-key-123' });
    const env = envFor(dirs.home, {
      NEURAL_PLATFORM_MY_LAB_KIND: 'mock',
      NEURAL_PLATFORM_MY_LAB_API_KEY: SECRET,
    });
    const listed = await neural(['--json', 'platforms', 'list'], { env, registry });
    expect(JSON.parse(listed.stdout)).toMatchObject([
      { name: 'my-lab', kind: 'mock', source: 'env', credentialFields: ['apiKey'] },
    ]);
    const refused = await neural(['platforms', 'test', 'my-lab'], { env, registry });
    expect(refused.code).toBe(EXIT_CODES.AUTH);
    expect(refused.stdout).toMatch(/my-lab \(mock\): the platform refused the credentials \(apiKey\)/);
    expect(refused.stdout + refused.stderr).not.toContain(SECRET);
    // The only platform is the default one.
    const json = await neural(['platforms', 'test', '--json'], { env, registry });
    expect(JSON.parse(json.stdout)).toEqual({
      name: 'my-lab',
      kind: 'mock',
      accepted: false,
      credentialFields: ['apiKey'],
    });
  });

  it('names the platforms there are when the one asked for does not exist', async () => {
    const { registry } = sharedMockRegistry();
    const env = envFor(dirs.home, { NEURAL_PLATFORM_A_KIND: 'mock', NEURAL_PLATFORM_B_KIND: 'mock' });
    const run = await neural(['status', 'job-1', '-p', 'c'], { env, registry });
    expect(run.code).toBe(EXIT_CODES.NOT_FOUND);
    expect(run.stderr).toMatch(/No platform named "c" \(platforms: a, b\)/);
    const which = await neural(['status', 'job-1'], { env, registry });
    expect(which.code).toBe(EXIT_CODES.USAGE);
    expect(which.stderr).toMatch(/Pass --platform <name> \(platforms: a, b\)/);
  });
});
