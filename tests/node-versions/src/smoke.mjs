// Run by each Node version under test (plain JavaScript, so Node 20 runs it without a loader): loads every
// subpath of every published package both ways, runs two end-to-end jobs, and prints one JSON line saying
// what it checked. Packages resolve from this test package's node_modules, as a user's install would.
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const packagesDir = new URL('../../../packages/', import.meta.url);

/** Every `exports` subpath of every package that is published (not `"private": true`). */
async function publishedEntryPoints() {
  const entries = [];
  let packages = 0;
  for (const dir of (await readdir(packagesDir, { withFileTypes: true })).filter((d) => d.isDirectory())) {
    const manifest = JSON.parse(await readFile(new URL(`${dir.name}/package.json`, packagesDir), 'utf8'));
    if (manifest.private === true) continue;
    packages += 1;
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      if (subpath === './package.json') continue;
      const specifier = subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`;
      const hasRequire = typeof target === 'object' && target !== null && 'require' in target;
      entries.push({ specifier, hasRequire });
    }
  }
  return { packages, entries };
}

/** What went wrong loading one entry point, or undefined when it yielded a non-empty namespace. */
async function load(kind, specifier) {
  try {
    const namespace = kind === 'import' ? await import(specifier) : require(specifier);
    const names = namespace && typeof namespace === 'object' ? Object.keys(namespace) : [];
    return names.length > 0 ? undefined : `${kind}('${specifier}') yielded an empty namespace`;
  } catch (error) {
    return `${kind}('${specifier}') threw: ${error instanceof Error ? error.stack : String(error)}`;
  }
}

async function checkEntryPoints() {
  const { packages, entries } = await publishedEntryPoints();
  const failures = [];
  let imported = 0;
  let required = 0;
  for (const { specifier, hasRequire } of entries) {
    const importFailure = await load('import', specifier);
    if (importFailure) failures.push(importFailure);
    else imported += 1;
    // An entry without a `require` condition is ESM only on purpose (the Vitest adapter: Vitest refuses
    // require()); every entry that offers one must load through it.
    if (!hasRequire) continue;
    const requireFailure = await load('require', specifier);
    if (requireFailure) failures.push(requireFailure);
    else required += 1;
  }
  const requireConditions = entries.filter((e) => e.hasRequire).length;
  return { packages, subpaths: entries.length, imported, requireConditions, required, failures };
}

/** MockConnector on core's manual clock: submit, wait, collect. */
async function mockEndToEnd() {
  const { waitForCompletion } = await import('@neural/integrations-core');
  const { createManualClock } = await import('@neural/integrations-core/testing');
  const { MockConnector } = await import('@neural/connector-mock');
  const clock = createManualClock();
  const connector = new MockConnector({ clock, queueMs: 100, durationMs: 5_000 });
  const jobId = await connector.submitJob({
    code: 'print("trained on mock")',
    jobName: 'node-versions-mock',
  });
  const done = waitForCompletion(connector, jobId, { clock, pollIntervalMs: 1_000 });
  await clock.advance(10_000);
  const waited = await done;
  const result = await connector.getJobResult(jobId);
  return { waitedStatus: waited.status, status: result.status, output: result.output };
}

/** HttpConnector against the fake platform served over loopback: authenticate, submit, wait, collect. */
async function httpEndToEnd() {
  const { waitForCompletion } = await import('@neural/integrations-core');
  const { startFakePlatformServer } = await import('@neural/fake-platform');
  const { HttpConnector } = await import('@neural/connector-http');
  const platform = await startFakePlatformServer({ port: 0, host: '127.0.0.1' });
  try {
    const connector = new HttpConnector({ apiKey: platform.apiKey, endpoint: platform.url });
    const authenticated = await connector.authenticate();
    const jobId = await connector.submitJob({
      code: '# @fake duration=50ms\nprint("trained over http")',
      jobName: 'node-versions-http',
    });
    const waited = await waitForCompletion(connector, jobId, {
      pollIntervalMs: 50,
      signal: AbortSignal.timeout(30_000),
    });
    const result = await connector.getJobResult(jobId);
    return { authenticated, waitedStatus: waited.status, status: result.status, output: result.output };
  } finally {
    await platform.close();
  }
}

const report = {
  node: process.version,
  entryPoints: await checkEntryPoints(),
  mock: await mockEndToEnd(),
  http: await httpEndToEnd(),
};
process.stdout.write(`${JSON.stringify(report)}\n`);
