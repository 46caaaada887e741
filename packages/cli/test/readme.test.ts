import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { EXIT_CODES } from '../src/index.js';
import { scratch } from './support.js';

const readme = readFileSync(resolve(import.meta.dirname, '..', 'README.md'), 'utf8');
const bin = resolve(import.meta.dirname, '..', 'dist', 'bin.js');
const dirs = scratch();
afterAll(() => dirs.cleanup());

it('opens with a session that runs as written (the install line aside) and prints the job output', async () => {
  const first = /^```sh\n([\s\S]*?)^```$/m.exec(readme)![1]!;
  const script = first
    .split('\n')
    .filter((line) => !line.startsWith('npm install'))
    .join('\n');
  const binDir = join(dirs.cwd, 'bin');
  mkdirSync(binDir);
  writeFileSync(join(binDir, 'neural'), `#!/bin/sh\nexec "${process.execPath}" "${bin}" "$@"\n`);
  chmodSync(join(binDir, 'neural'), 0o755);
  const { stdout } = await promisify(execFile)('bash', ['-euc', script], {
    cwd: dirs.cwd,
    env: { PATH: `${binDir}:${process.env.PATH ?? ''}`, NEURAL_HOME: dirs.home },
  });
  expect(stdout).toMatch(
    /^Added platform laptop \(local\)[\s\S]*Job local-\S+: SUCCEEDED \(EXITED\)\n[\s\S]*Output:\n {2}Hello from Neural DSL!\n/,
  );
});

it('documents every exit code, with its number', () => {
  for (const [name, code] of Object.entries(EXIT_CODES))
    expect(readme).toContain(`| ${code} | \`${name}\` |`);
});
