import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { CONNECTOR_TEMPLATES, createConnectorPackage } from '../src/index.js';

const execFileAsync = promisify(execFile);

/** Runs a command; a failure says what it printed (tsc and vitest report on stdout). */
async function run(program: string, args: string[], options: Parameters<typeof execFileAsync>[2]) {
  try {
    return await execFileAsync(program, args, { ...options, encoding: 'utf8' });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    // The failing lines first (a failed clause, a compiler error), then the end of what it printed.
    const failures = String(stdout)
      .split('\n')
      .filter((line) => /×|FAIL|error TS|Failure:/.test(line))
      .slice(0, 40)
      .join('\n');
    throw new Error(
      `${program} ${args.join(' ')} failed:\n${failures}\n---\n${String(stdout).slice(-3000)}\n${String(stderr).slice(-2000)}`,
    );
  }
}
/** This repository's root: the generated packages link to its (built) packages, as `--link` does. */
const checkout = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const work = await mkdtemp(join(tmpdir(), 'generated-connector-'));
afterAll(() => rm(work, { recursive: true, force: true }));

// The promise of the templates: the package each makes installs, builds, passes its checks and the
// conformance suite with no edits. Before the @neural packages are published, `--link` is how a user gets
// there, so that is what is tested.
describe.each(CONNECTOR_TEMPLATES)(
  'a package generated from the %s template, linked to this checkout',
  (template) => {
    it('installs, type-checks, builds, passes publint and attw, and passes its README and conformance tests', async () => {
      const created = await createConnectorPackage({
        directory: join(work, `acme-${template}`),
        template,
        link: checkout,
      });
      const inPackage = {
        cwd: created.directory,
        env: { ...process.env, CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' },
        maxBuffer: 64 * 1024 * 1024,
      };
      // pnpm reuses the store this repository was installed from, so the install takes seconds and needs the
      // registry only for what the store lacks; the package itself is a plain npm package.
      await run(
        'npx',
        ['-y', 'pnpm@10.34.8', 'install', '--prefer-offline', '--ignore-workspace'],
        inPackage,
      );
      const npm = (args: string[]) => run('npm', args, inPackage);
      await npm(['run', 'typecheck']);
      await npm(['run', 'build']);
      expect(await readdir(join(created.directory, 'dist'))).toEqual(
        expect.arrayContaining(['index.js', 'index.cjs', 'index.d.ts', 'index.d.cts']),
      );
      await npm(['run', 'check-exports']);
      // `npm test` exits non-zero (and `run` rejects) when any clause fails; the summary shows how many passed.
      const { stdout } = await npm(['test']);
      expect(stdout).toMatch(/Test Files\s+2 passed/);
      expect(stdout).toMatch(/Tests\s+\d+ passed/);
      expect(stdout).not.toMatch(/\d+ failed/);
    });
  },
);
