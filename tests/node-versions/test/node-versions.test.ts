// The published packages promise Node 20, 22 and 24: each of those Nodes, fetched with npx, loads every entry
// point and runs a job end to end. Counts are checked against the packages' own manifests, so a package or
// subpath that is silently not loaded fails the test.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const smokeScript = fileURLToPath(new URL('../src/smoke.mjs', import.meta.url));
const packagesDir = new URL('../../../packages/', import.meta.url);
const skipRequested = process.env.NEURAL_SKIP_NODE_VERSIONS === '1';

interface Manifest {
  name: string;
  private?: boolean;
  exports?: Record<string, unknown>;
  devDependencies?: Record<string, string>;
}

const readManifest = (url: URL): Manifest => JSON.parse(readFileSync(url, 'utf8')) as Manifest;

const published = readdirSync(packagesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => readManifest(new URL(`${entry.name}/package.json`, packagesDir)))
  .filter((manifest) => manifest.private !== true);
const subpaths = published.flatMap((manifest) =>
  Object.entries(manifest.exports ?? {}).filter(([subpath]) => subpath !== './package.json'),
);
const requireConditions = subpaths.filter(
  ([, target]) => typeof target === 'object' && target !== null && 'require' in target,
).length;

/** What the smoke script prints. */
interface SmokeReport {
  node: string;
  entryPoints: {
    packages: number;
    subpaths: number;
    imported: number;
    requireConditions: number;
    required: number;
    failures: string[];
  };
  mock: { waitedStatus: string; status: string; output: string };
  http: { authenticated: boolean; waitedStatus: string; status: string; output: string };
}

// npx runs from this package so nothing of the caller's directory leaks in; Vitest's own variables are dropped
// so the packages load as they would in a user's program.
const childEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && name !== 'NODE_OPTIONS'),
);

async function npxNode(major: number, args: string[]) {
  return run('npx', ['-y', `node@${major}`, ...args], {
    cwd: packageDir,
    env: childEnv,
    timeout: 150_000,
    maxBuffer: 16 * 1024 * 1024,
  });
}

describe('the manifest of this package', () => {
  it('depends on every published package, so they are built before it runs', () => {
    const own = readManifest(new URL('../package.json', import.meta.url));
    for (const { name } of published) expect(own.devDependencies?.[name], name).toBe('workspace:*');
  });
});

describe.each([20, 22, 24])('on Node %i', (major) => {
  it('loads every published entry point and runs a job end to end', async (context) => {
    try {
      await npxNode(major, ['-e', 'process.stdout.write(process.version)']);
    } catch (error) {
      const reason = `node@${major} could not be fetched with npx (set NEURAL_SKIP_NODE_VERSIONS=1 to skip where the npm registry is unreachable): ${describeFailure(error)}`;
      if (skipRequested) return context.skip(reason);
      throw new Error(reason);
    }

    let stdout: string;
    try {
      ({ stdout } = await npxNode(major, [smokeScript]));
    } catch (error) {
      throw new Error(`the smoke script failed on node@${major}: ${describeFailure(error)}`);
    }
    const report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as SmokeReport;

    expect(report.node).toMatch(new RegExp(`^v${major}\\.`));
    const { entryPoints } = report;
    expect(entryPoints.failures).toEqual([]);
    expect(entryPoints.packages).toBe(published.length);
    expect(entryPoints.subpaths).toBe(subpaths.length);
    expect(entryPoints.subpaths).toBeGreaterThan(10);
    expect(entryPoints.imported).toBe(subpaths.length);
    expect(entryPoints.requireConditions).toBe(requireConditions);
    expect(entryPoints.required).toBe(requireConditions);
    expect(entryPoints.required).toBeGreaterThan(10);

    expect(report.mock).toEqual({
      waitedStatus: 'succeeded',
      status: 'succeeded',
      output: 'trained on mock',
    });
    expect(report.http).toEqual({
      authenticated: true,
      waitedStatus: 'succeeded',
      status: 'succeeded',
      output: 'trained over http',
    });
  });
});

/** An `execFile` failure with its exit code and stderr, which say why. */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { code, signal, stderr } = error as Error & { code?: unknown; signal?: unknown; stderr?: unknown };
  return `${error.message} (exit ${String(code)}, signal ${String(signal)})\n${String(stderr ?? '')}`;
}
