import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Connector,
  isTerminalStatus,
  NotSupportedError,
  OPTIONAL_METHODS,
  type OptionalMethod,
} from '@neural/integrations-core';
import { defineClause } from '../clause.js';
import type { ClauseContext } from '../context.js';
import { drain } from './jobs.js';

function unsupportedCall(
  ctx: ClauseContext,
  connector: Connector,
  method: OptionalMethod,
): () => Promise<unknown> {
  const options = { signal: ctx.signal };
  const local = join(tmpdir(), `${ctx.jobName('unsupported')}.bin`);
  const remote = `conformance/${ctx.jobName('unsupported')}.bin`;
  switch (method) {
    case 'deployModel':
      return () =>
        connector.deployModel?.(
          ctx.target.modelPath ?? 'conformance/model.bin',
          ctx.jobName('endpoint'),
          options,
        ) as Promise<unknown>;
    case 'deleteEndpoint':
      return () => connector.deleteEndpoint?.(ctx.jobName('endpoint'), options) as Promise<unknown>;
    case 'uploadFile':
      return () => connector.uploadFile?.(local, remote, options) as Promise<unknown>;
    case 'downloadFile':
      return () => connector.downloadFile?.(remote, local, options) as Promise<unknown>;
    case 'getResourceUsage':
      return () => connector.getResourceUsage?.(options) as Promise<unknown>;
    case 'followLogs':
      return async () => {
        const iterable = connector.followLogs?.(ctx.unknownJobId, options);
        return iterable ? drain(iterable) : undefined;
      };
    case 'waitForStatusChange':
      return () =>
        connector.waitForStatusChange?.(ctx.unknownJobId, {
          since: 'pending',
          timeoutMs: 0,
          ...options,
        }) as Promise<unknown>;
  }
}

/** `optional.*`, `files.*`, `endpoints.*`, `usage.*`: each optional method works, or says plainly that it does not. */
export const optionalClauses = [
  defineClause({
    id: 'optional.unclaimed-not-supported',
    title: 'Optional methods not claimed throw NotSupportedError',
    rule: `Every optional method (${OPTIONAL_METHODS.map((method) => `\`${method}\``).join(', ')}) the connector does not claim in \`capabilities\` is absent or rejects with \`NotSupportedError\`.`,
    why: 'Generic code checks `capabilities` or catches `NotSupportedError` to fall back; a plain `Error` (or a silent no-op) defeats both.',
    async run(ctx) {
      const connector = await ctx.connect();
      const unclaimed = OPTIONAL_METHODS.filter((method) => !ctx.capabilities[method]);
      if (unclaimed.length === 0) ctx.skip('the connector claims every optional method');
      for (const method of unclaimed) {
        if (typeof (connector as unknown as Record<string, unknown>)[method] !== 'function') continue;
        const description = `connector.${method}(…) (capabilities.${method} is false)`;
        const error = await ctx.rejection(
          description,
          unsupportedCall(ctx, connector, method),
          'a NotSupportedError',
        );
        ctx.check(NotSupportedError.isInstance(error), {
          expected: `a NotSupportedError from ${method}(), which is not claimed`,
          actual: `it rejected with ${ctx.describe(error)}`,
          call: description,
        });
      }
    },
  }),
  defineClause({
    id: 'files.round-trip',
    title: 'An uploaded file downloads byte for byte',
    rule: '`uploadFile()` then `downloadFile()` of the same remote path gives back exactly the bytes uploaded (all 256 byte values, 64 KiB), and both resolve `true`.',
    why: 'Datasets and checkpoints travel this way; a single changed byte (an encoding, a truncation) corrupts a model silently.',
    requires: ['uploadFile', 'downloadFile'],
    async run(ctx) {
      const connector = await ctx.connect();
      const dir = await mkdtemp(join(tmpdir(), 'neural-conformance-'));
      try {
        const bytes = Buffer.concat([
          Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
          randomBytes(64 * 1024),
        ]);
        const source = join(dir, 'upload.bin');
        const target = join(dir, 'download.bin');
        await writeFile(source, bytes);
        const remote = `conformance/${ctx.jobName('file')}/data.bin`;
        const uploaded = await connector.uploadFile?.(source, remote, { signal: ctx.signal });
        ctx.check(uploaded === true, {
          expected: 'uploadFile() to resolve true',
          actual: `it resolved ${ctx.describe(uploaded)}`,
        });
        const downloaded = await connector.downloadFile?.(remote, target, { signal: ctx.signal });
        ctx.check(downloaded === true, {
          expected: 'downloadFile() to resolve true',
          actual: `it resolved ${ctx.describe(downloaded)}`,
        });
        const back = await readFile(target).catch(() => undefined);
        const call = `connector.downloadFile(${ctx.describe(remote)}, <temp file>)`;
        ctx.check(back !== undefined, {
          expected: 'the downloaded file to exist',
          actual: 'no file was written',
          call,
        });
        const firstDifference = back ? firstMismatch(bytes, back) : 0;
        ctx.check(back !== undefined && back.length === bytes.length && firstDifference === -1, {
          expected: `${bytes.length} identical bytes`,
          actual: `${back?.length ?? 0} bytes came back, differing from byte ${firstDifference}`,
          call,
        });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  }),
  defineClause({
    id: 'endpoints.deploy-then-delete',
    title: 'A deployed endpoint can be deleted',
    rule: '`deployModel()` resolves a non-empty URL; `deleteEndpoint()` of that name then resolves `true`, and a second delete resolves `false`.',
    why: 'An endpoint that cannot be deleted keeps serving (and billing) after the user thinks it is gone.',
    requires: ['deployModel', 'deleteEndpoint'],
    async run(ctx) {
      const connector = await ctx.connect();
      const name = ctx.jobName('endpoint');
      const url: unknown = await connector.deployModel?.(
        ctx.target.modelPath ?? 'conformance/model.bin',
        name,
        { signal: ctx.signal },
      );
      ctx.check(typeof url === 'string' && url.length > 0, {
        expected: 'a non-empty endpoint URL',
        actual: `it resolved ${ctx.describe(url)}`,
      });
      const deleted = await connector.deleteEndpoint?.(name, { signal: ctx.signal });
      ctx.check(deleted === true, {
        expected: 'deleteEndpoint() to resolve true for a deployed endpoint',
        actual: `it resolved ${ctx.describe(deleted)}`,
      });
      const again = await connector.deleteEndpoint?.(name, { signal: ctx.signal });
      ctx.check(again === false, {
        expected: 'a second deleteEndpoint() to resolve false',
        actual: `it resolved ${ctx.describe(again)}`,
      });
    },
  }),
  defineClause({
    id: 'usage.reports-values',
    title: 'getResourceUsage returns numbers and strings',
    rule: '`getResourceUsage()` resolves a plain object with at least one entry, whose values are finite numbers, strings, booleans or null.',
    why: 'Schedulers and dashboards read it generically; a nested object or a NaN breaks them all.',
    requires: ['getResourceUsage'],
    async run(ctx) {
      const connector = await ctx.connect();
      const usage: unknown = await connector.getResourceUsage?.({ signal: ctx.signal });
      ctx.check(
        usage !== null && typeof usage === 'object' && !Array.isArray(usage) && Object.keys(usage).length > 0,
        {
          expected: 'a non-empty plain object',
          actual: `it resolved ${ctx.describe(usage)}`,
        },
      );
      for (const [key, value] of Object.entries(usage as object)) {
        const ok =
          (typeof value === 'number' && Number.isFinite(value)) ||
          typeof value === 'string' ||
          typeof value === 'boolean' ||
          value === null;
        ctx.check(ok, {
          expected: `usage.${key} to be a finite number, string, boolean or null`,
          actual: `it was ${ctx.describe(value)}`,
        });
      }
    },
  }),
  defineClause({
    id: 'logs.follow-yields-output',
    title: 'followLogs yields the output, to the last line, and ends with the job',
    rule: "`followLogs()` of a job yields its output and ends once the job is terminal (a status read of `unknown` after the stream ends is asked again), ending with the very last lines written before the job ended: the last line `getLogs()` holds once the job has finished is in the stream. Situations, at once: the target's succeeding job, a `jobs.echo` job whose last line is a distinct marker (when the target gives `jobs.echo`), and the failing job.",
    why: 'A log stream that ends early looks like a hung job, one that drops its last lines hides the final loss or the traceback, and one that never ends hangs the caller.',
    requires: ['followLogs'],
    async run(ctx) {
      const connector = await ctx.connect();
      const follow = connector.followLogs;
      if (!follow)
        return ctx.fail({
          expected: 'a followLogs method',
          actual: 'the connector has none',
          call: 'connector.followLogs',
        });
      const jobs: Array<{ label: string; jobId: string; expected?: string }> = [
        {
          label: 'succeeding',
          jobId: await ctx.submit(connector, 'succeeds'),
          expected: ctx.target.jobs.succeeds.expectedOutput,
        },
        { label: 'failing', jobId: await ctx.submit(connector, 'fails') },
      ];
      if (ctx.target.jobs.echo) {
        const last = ctx.marker('last-line');
        const text = `${ctx.marker('first-line')}\nsecond line\n${last}`;
        jobs.push({
          label: 'echo',
          jobId: await ctx.submitCode(connector, ctx.echoCode(text, 'the last line')),
          expected: last,
        });
      }
      await Promise.all(
        jobs.map(async ({ label, jobId, expected }) => {
          const text = await drain(follow.call(connector, jobId, { signal: ctx.signal }));
          const call = `connector.followLogs(${ctx.describe(jobId)}) of the ${label} job`;
          const status = await ctx.readStatus(connector, jobId);
          ctx.check(isTerminalStatus(status), {
            expected: 'the stream to end only once the job is terminal',
            actual: `it ended while the job was "${status}"`,
            call,
          });
          if (expected !== undefined) {
            ctx.check(text.includes(expected), {
              expected: `the stream to contain ${ctx.describe(expected)}`,
              actual: `it yielded ${ctx.describe(text.slice(-200))}`,
              call,
            });
          }
          const logs = await connector.getLogs(jobId, { signal: ctx.signal });
          const lastLine = logs
            .split(/\r?\n/)
            .map((line) => line.trim())
            .filter((line) => line.length > 0)
            .at(-1);
          if (lastLine !== undefined) {
            ctx.check(text.includes(lastLine), {
              expected: `the stream to end with the last line the job wrote, ${ctx.describe(lastLine)} (getLogs() holds it)`,
              actual: `it yielded ${ctx.describe(text.slice(-200))}`,
              call,
            });
          }
        }),
      );
    },
  }),
];

function firstMismatch(a: Buffer, b: Buffer): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : length;
}
