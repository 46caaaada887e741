import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConformanceTarget } from '@neural/connector-conformance';
import { LocalConnector } from '../src/index.js';

/**
 * What stands in for credentials: LocalConnector needs none, so the suite's "valid" and "invalid" credentials
 * are interpreters that exist and do not (with a missing interpreter, `authenticate()` resolves `false`).
 */
export interface LocalConformanceCredentials {
  readonly interpreter: readonly string[];
}

/** Where the runner and the interpreter come from (the test run passes its freshly built runner). */
export interface LocalTargetOptions {
  readonly runnerPath?: string | undefined;
  readonly interpreter?: readonly string[] | undefined;
}

/** The LocalConnector conformance target, each run on a root folder of its own that teardown removes. */
export function localConformanceTarget(options: LocalTargetOptions = {}) {
  let root: string | undefined;
  return defineConformanceTarget<LocalConformanceCredentials>({
    name: 'local',
    async setup() {
      root = await mkdtemp(join(tmpdir(), 'neural-local-conformance-'));
    },
    async teardown() {
      if (!root) return;
      const connector = new LocalConnector({ root, runnerPath: options.runnerPath, cancelGracePeriodMs: 0 });
      for (const job of await connector.listJobs({ limit: 1000 })) {
        if (job.status === 'running' || job.status === 'pending') await connector.cancelJob(job.id);
      }
      await rm(root, { recursive: true, force: true });
    },
    create: (credentials) =>
      new LocalConnector({
        root,
        interpreter: credentials.interpreter,
        runnerPath: options.runnerPath,
        cancelGracePeriodMs: 1_000,
        pollIntervalMs: 20,
      }),
    credentials: {
      valid: { interpreter: options.interpreter ?? ['python3'] },
      invalid: { interpreter: ['/nonexistent/neural-conformance/python3'] },
      // Only authenticate() checks the interpreter; a job submitted with a missing one fails, it is not refused.
      onlyAuthenticateRefuses:
        'the "credentials" name an interpreter: a missing one fails jobs, it does not refuse calls',
    },
    jobs: {
      succeeds: {
        code: 'print("hello from the local connector")',
        expectedOutput: 'hello from the local connector',
      },
      fails: { code: 'import sys\nsys.stderr.write("failing on purpose\\n")\nsys.exit(3)' },
      runsLong: { code: 'import time\nwhile True:\n    time.sleep(0.05)\n' },
      // A JSON string is a valid Python string literal: quotes, newlines and non-ASCII text come back as given.
      echo: (text) => `print(${JSON.stringify(text)})`,
      printsEnv: (name) => `import os\nprint(os.environ[${JSON.stringify(name)}])`,
    },
    timing: { jobTimeoutMs: 20_000, pollIntervalMs: 10, maxPollIntervalMs: 50, abortGraceMs: 1_000 },
  });
}

export default localConformanceTarget();
