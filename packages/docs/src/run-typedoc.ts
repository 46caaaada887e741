import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { REPO_ROOT } from './doc-files.js';

/** What one typedoc run printed, and how it ended. */
export interface TypedocRun {
  /** typedoc's exit code: 0 when the reference builds with no warning. */
  readonly exitCode: number;
  /** stdout and stderr, without colours. */
  readonly output: string;
}

const typedocBin = join(
  createRequire(import.meta.url).resolve('typedoc/package.json'),
  '..',
  'bin',
  'typedoc',
);

/**
 * Runs the typedoc CLI with the repository's `typedoc.json` (as `pnpm docs:api` does), plus `args`. The CLI
 * rather than the API, so the check is exactly the command people run, exit code included.
 */
export function runTypedoc(args: readonly string[], signal?: AbortSignal): Promise<TypedocRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [typedocBin, '--options', join(REPO_ROOT, 'typedoc.json'), ...args],
      {
        cwd: join(REPO_ROOT, 'packages', 'docs'),
        env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
        signal,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const output = stripVTControlCharacters(`${stdout}${stderr}`);
        if (error === null) resolve({ exitCode: 0, output });
        else if (typeof error.code === 'number') resolve({ exitCode: error.code, output });
        else reject(error);
      },
    );
  });
}
