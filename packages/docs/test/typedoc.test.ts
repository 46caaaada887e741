import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/doc-files.js';
import { runTypedoc } from '../src/run-typedoc.js';

/** The folders under packages/ whose package is published (not private): the reference covers exactly these. */
function publishablePackageDirs(): string[] {
  return readdirSync(join(REPO_ROOT, 'packages'))
    .filter((dir) => existsSync(join(REPO_ROOT, 'packages', dir, 'package.json')))
    .filter(
      (dir) =>
        JSON.parse(readFileSync(join(REPO_ROOT, 'packages', dir, 'package.json'), 'utf8')).private !== true,
    )
    .sort();
}

const warnings = (output: string) => output.split('\n').filter((line) => line.includes('[warning]'));
const errors = (output: string) => output.split('\n').filter((line) => line.includes('[error]'));

// Concurrent: each run is a separate typedoc process, and the whole reference takes most of this file's time.
describe.concurrent('the API reference (typedoc.json, as `pnpm docs:api` builds it)', () => {
  it('builds from the TSDoc of every publishable package with no warning: no broken link, no missing export', async () => {
    const { exitCode, output } = await runTypedoc(['--emit', 'none']);
    expect(warnings(output), output).toEqual([]);
    expect(errors(output), output).toEqual([]);
    expect(exitCode, output).toBe(0);
    const converted = [...output.matchAll(/Converting project at .*?packages\/([^/\s]+)\s*$/gm)].map(
      (m) => m[1],
    );
    expect(converted.sort()).toEqual(publishablePackageDirs());
  });

  it("documents every subpath a package exports: each package's typedoc entry points are its `exports` map", () => {
    const root = JSON.parse(readFileSync(join(REPO_ROOT, 'typedoc.json'), 'utf8')) as {
      packageOptions: { entryPoints: string[] };
    };
    // The root's default is `src/@(index|vitest).ts`; a package with other subpaths lists them in its typedoc.json.
    const defaultEntries = ['src/index.ts', 'src/vitest.ts'];
    expect(root.packageOptions.entryPoints).toEqual(['src/@(index|vitest).ts']);
    for (const dir of publishablePackageDirs()) {
      const folder = join(REPO_ROOT, 'packages', dir);
      const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {
        exports: Record<string, unknown>;
      };
      const subpaths = Object.keys(manifest.exports)
        .filter((key) => key !== './package.json')
        .map((key) => (key === '.' ? 'index' : key.slice(2)));
      const own = join(folder, 'typedoc.json');
      const entries = existsSync(own)
        ? (JSON.parse(readFileSync(own, 'utf8')) as { entryPoints: string[] }).entryPoints
        : defaultEntries.filter((entry) => existsSync(join(folder, entry)));
      const documented = entries.map((entry) => entry.replace(/^src\//, '').replace(/(\/index)?\.ts$/, ''));
      expect(documented.sort(), dir).toEqual(subpaths.sort());
    }
  });

  it('renders every guide in docs/ as a page of the reference, with docs/README.md as its front page', () => {
    const config = JSON.parse(readFileSync(join(REPO_ROOT, 'typedoc.json'), 'utf8')) as {
      readme: string;
      projectDocuments: string[];
    };
    const guides = readdirSync(join(REPO_ROOT, 'docs'))
      .filter((name) => name.endsWith('.md') && name !== 'README.md')
      .map((name) => `docs/${name}`);
    expect(config.readme).toBe('docs/README.md');
    expect([...config.projectDocuments].sort()).toEqual(guides.sort());
  });

  it('fails on a TSDoc link to a name that does not exist', async () => {
    const { exitCode, output } = await runTypedoc([
      '--entryPoints',
      'test/fixtures/broken-link',
      '--emit',
      'none',
    ]);
    expect(output).toContain('Failed to resolve link to "NoSuchFunction" in comment for brokenlyLinked');
    expect(errors(output), output).toEqual([]); // so the exit code is the warning's, not a broken set-up's
    expect(exitCode).not.toBe(0);
  });

  it('fails when a public signature uses a type the package does not export', async () => {
    const { exitCode, output } = await runTypedoc([
      '--entryPoints',
      'test/fixtures/unexported-type',
      '--emit',
      'none',
    ]);
    expect(errors(output), output).toEqual([]);
    expect(output).toContain(
      'HiddenOptions, defined in @neural/docs-fixture-unexported-type/src/index.ts, is referenced by countOf.options',
    );
    expect(exitCode).not.toBe(0);
  });
});
