import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createConnectorPackage } from '../src/index.js';

const run = promisify(execFile);
const packagesDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Packs a workspace package (built by turbo before this test) the way it would be published. */
async function pack(dir: string, into: string): Promise<string> {
  await run('npx', ['-y', 'pnpm@10.34.8', 'pack', '--pack-destination', into], {
    cwd: join(packagesDir, dir),
  });
  const tarballs = await readdir(into);
  const name = dir === 'integrations-core' ? 'neural-integrations-core' : `neural-${dir}`;
  const tarball = tarballs.find((file) => file.startsWith(`${name}-`) && file.endsWith('.tgz'));
  if (!tarball) throw new Error(`pnpm pack made no tarball for ${dir}`);
  return join(into, tarball);
}

// The promise of the template: the package it makes installs, builds and passes conformance with no edits.
// The @neural packages are not published from here, so they come from tarballs packed from this repository.
describe('a generated connector package', () => {
  it('installs, builds and passes the conformance suite with no edits', async () => {
    const work = await mkdtemp(join(tmpdir(), 'generated-connector-'));
    const tarballs = join(work, 'tarballs');
    await mkdir(tarballs);
    const core = await pack('integrations-core', tarballs);
    const conformance = await pack('connector-conformance', tarballs);
    const fakePlatform = await pack('fake-platform', tarballs);
    const created = await createConnectorPackage({
      directory: join(work, 'acme-cloud'),
      dependencyOverrides: {
        '@neural/integrations-core': `file:${core}`,
        '@neural/connector-conformance': `file:${conformance}`,
        '@neural/fake-platform': `file:${fakePlatform}`,
      },
    });
    // pnpm reuses the store this repository was installed from, so the install takes seconds, not minutes;
    // the package itself is a plain npm package (npm install works the same, only slower).
    const inPackage = {
      cwd: created.directory,
      env: { ...process.env, CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' },
      maxBuffer: 64 * 1024 * 1024,
    };
    await run('npx', ['-y', 'pnpm@10.34.8', 'install', '--prefer-offline', '--ignore-workspace'], inPackage);
    const npm = (args: string[]) => run('npm', args, inPackage);
    await npm(['run', 'typecheck']);
    await npm(['run', 'build']);
    expect(await readdir(join(created.directory, 'dist'))).toEqual(
      expect.arrayContaining(['index.js', 'index.cjs', 'index.d.ts']),
    );
    // `npm test` exits non-zero (and `run` rejects) when any clause fails; the summary shows how many passed.
    const { stdout } = await npm(['test']);
    expect(stdout).toMatch(/Tests\s+\d+ passed/);
    expect(stdout).not.toMatch(/\d+ failed/);
  });
});
