import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import {
  AuthenticationError,
  CloudException,
  type Connector,
  type SubmitJobRequest,
} from '@neural/integrations-core';
import { defineClause } from '../clause.js';
import type { ClauseContext } from '../context.js';
import { settleWithin } from '../deadline.js';
import { drain } from './jobs.js';

function abortedCalls(ctx: ClauseContext, connector: Connector, jobId: string, signal: AbortSignal) {
  const calls: Array<[string, () => Promise<unknown>]> = [
    ['authenticate', () => connector.authenticate({ signal })],
    [
      'submitJob',
      () =>
        connector.submitJob({ code: ctx.target.jobs.succeeds.code, jobName: ctx.jobName('aborted'), signal }),
    ],
    ['getJobStatus', () => connector.getJobStatus(jobId, { signal })],
    ['getJobResult', () => connector.getJobResult(jobId, { signal })],
    ['getLogs', () => connector.getLogs(jobId, { signal })],
    ['listJobs', () => connector.listJobs({ signal })],
    ['cancelJob', () => connector.cancelJob(jobId, { signal })],
  ];
  const { capabilities } = ctx;
  if (capabilities.getResourceUsage)
    calls.push(['getResourceUsage', async () => connector.getResourceUsage?.({ signal })]);
  if (capabilities.downloadFile)
    calls.push([
      'downloadFile',
      async () =>
        connector.downloadFile?.('conformance/none.bin', join(tmpdir(), `${ctx.jobName('aborted')}.bin`), {
          signal,
        }),
    ]);
  if (capabilities.followLogs)
    calls.push([
      'followLogs',
      async () => connector.followLogs && drain(connector.followLogs(jobId, { signal })),
    ]);
  return calls;
}

function leakIn(ctx: ClauseContext, text: string): boolean {
  return ctx.secrets.some((secret) => text.includes(secret));
}

function errorTexts(error: unknown): Array<[string, string]> {
  const texts: Array<[string, string]> = [];
  if (error instanceof Error) {
    texts.push(['message', error.message], ['stack', error.stack ?? '']);
  } else {
    texts.push(['String()', String(error)]);
  }
  texts.push(['util.inspect', inspect(error, { depth: 6 })]);
  try {
    texts.push(['JSON.stringify', JSON.stringify(error) ?? '']);
  } catch {
    // Not serialisable: nothing to leak that way.
  }
  return texts;
}

async function provoke(call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch {
    // The context recorded the error; the clause judges every recorded error at the end.
  }
}

/** `abort.*`, `errors.*`, `secrets.*`: how a connector fails, and what it never shows. */
export const safetyClauses = [
  defineClause({
    id: 'abort.pre-aborted-rejects',
    title: 'A call with an aborted signal rejects promptly',
    rule: 'Every method given an already-aborted `signal` rejects, within the abort grace period, with a `CloudException` (core `OperationAbortedError`), and a submit so aborted makes no job.',
    why: 'Shutdown, timeouts and navigation abort calls; a call that ignores its signal keeps a process alive and may start a job nobody will watch.',
    async run(ctx) {
      const connector = await ctx.connect();
      const jobId = await ctx.submit(connector, 'succeeds');
      const before = new Set(
        (await connector.listJobs({ limit: 100, signal: ctx.signal })).map((job) => job.id),
      );
      const controller = new AbortController();
      controller.abort(new Error('aborted by the conformance suite'));
      for (const [method, call] of abortedCalls(ctx, connector, jobId, controller.signal)) {
        const description = `connector.${method}(…, { signal: <aborted> })`;
        const outcome = await settleWithin(ctx.clock, ctx.timing.abortGraceMs, call);
        const expected = `a CloudException within ${ctx.timing.abortGraceMs} ms`;
        if (!outcome.settled) ctx.fail({ expected, actual: 'it had not settled', call: description });
        else if (outcome.ok)
          ctx.fail({ expected, actual: `it resolved ${ctx.describe(outcome.value)}`, call: description });
        else {
          ctx.check(CloudException.isInstance(outcome.error), {
            expected,
            actual: `it rejected with ${ctx.describe(outcome.error)}`,
            call: description,
          });
        }
      }
      const after = await connector.listJobs({ limit: 100, signal: ctx.signal });
      const created = after.filter((job) => !before.has(job.id)).map((job) => job.id);
      ctx.check(created.length === 0, {
        expected: 'no job from a submit with an aborted signal',
        actual: `listJobs() shows new job(s) ${ctx.describe(created)}`,
        call: 'connector.listJobs({ limit: 100 })',
      });
    },
  }),
  defineClause({
    id: 'abort.in-flight-follow',
    title: 'Aborting followLogs stops it',
    rule: '`followLogs()` of a job still running rejects with a `CloudException`, within the abort grace period, once its signal aborts.',
    why: 'A log tail is the call most likely to wait forever; it must stop when the user presses Ctrl-C.',
    requires: ['followLogs'],
    async run(ctx) {
      const connector = await ctx.connect();
      const jobId = await ctx.submit(connector, 'runsLong');
      await ctx.waitForRunning(connector, jobId);
      const controller = new AbortController();
      const follow = connector.followLogs;
      if (!follow)
        return ctx.fail({
          expected: 'a followLogs method',
          actual: 'the connector has none',
          call: 'connector.followLogs',
        });
      const following = drain(follow.call(connector, jobId, { signal: controller.signal }));
      following.catch(() => undefined);
      await ctx.sleep(ctx.timing.pollIntervalMs * 2);
      controller.abort(new Error('aborted by the conformance suite'));
      const outcome = await settleWithin(ctx.clock, ctx.timing.abortGraceMs, () => following);
      const call = `connector.followLogs(${ctx.describe(jobId)}) aborted while the job runs`;
      const expected = `a CloudException within ${ctx.timing.abortGraceMs} ms of the abort`;
      if (!outcome.settled) ctx.fail({ expected, actual: 'the stream went on', call });
      else if (outcome.ok)
        ctx.fail({ expected, actual: 'the stream ended normally, as if the job had finished', call });
      else
        ctx.check(CloudException.isInstance(outcome.error), {
          expected,
          actual: `it rejected with ${ctx.describe(outcome.error)}`,
          call,
        });
    },
  }),
  defineClause({
    id: 'errors.are-cloud-exceptions',
    title: 'Every error thrown is a CloudException',
    rule: 'Whatever goes wrong (an odd id, input of the wrong type, an unknown option, bad credentials, a missing file, a double cancel), what the connector throws is a core `CloudException` subclass.',
    why: 'Callers catch one family and read `code` and `retryable`; a stray `TypeError` or `ENOENT` escapes every handler.',
    async run(ctx) {
      const connector = await ctx.connect();
      const options = { signal: ctx.signal };
      const jobId = await ctx.submit(connector, 'runsLong');
      const dir = await mkdtemp(join(tmpdir(), 'neural-conformance-'));
      try {
        const attempts: Array<() => Promise<unknown>> = [
          () => connector.getJobStatus('', options),
          () => connector.getJobStatus('x'.repeat(300), options),
          () => connector.getLogs(' ', options),
          () => connector.getJobResult(jobId, options),
          () => connector.getLogs(jobId, options),
          () => connector.cancelJob(jobId, options),
          () => connector.cancelJob(jobId, options),
          () => connector.submitJob({ code: 42 } as unknown as SubmitJobRequest),
          () =>
            connector.submitJob({
              code: ctx.target.jobs.succeeds.code,
              gpu_count: 1,
            } as unknown as SubmitJobRequest),
          () => connector.submitJob(undefined as unknown as SubmitJobRequest),
          () => connector.listJobs({ limit: '5' } as unknown as { limit: number }),
          () => connector.listJobs({ statusFilter: 'RUNNING' } as unknown as { limit: number }),
        ];
        if (ctx.capabilities.uploadFile)
          attempts.push(async () =>
            connector.uploadFile?.(join(dir, 'missing.bin'), 'conformance/missing.bin', options),
          );
        if (ctx.capabilities.downloadFile)
          attempts.push(async () =>
            connector.downloadFile?.(
              `conformance/${ctx.jobName('missing')}.bin`,
              join(dir, 'out.bin'),
              options,
            ),
          );
        if (ctx.capabilities.deleteEndpoint)
          attempts.push(async () => connector.deleteEndpoint?.(ctx.jobName('missing'), options));
        for (const attempt of attempts) await provoke(attempt);
        // Without secret credentials there is nothing to refuse; a create() that refuses throws (and is judged).
        const refused =
          ctx.noCredentials === undefined
            ? (await ctx.connectOrRefused('invalid').catch(() => undefined))?.connector
            : undefined;
        if (refused) {
          await provoke(() => refused.authenticate(options));
          await provoke(() =>
            refused.submitJob({
              code: ctx.target.jobs.succeeds.code,
              jobName: ctx.jobName('refused'),
              ...options,
            }),
          );
          await provoke(() => refused.listJobs(options));
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      for (const { call, error } of ctx.calls) {
        if (error === undefined) continue;
        ctx.check(CloudException.isInstance(error), {
          expected: 'a CloudException',
          actual: `it threw ${ctx.describe(error)}`,
          call,
        });
      }
    },
  }),
  defineClause({
    id: 'secrets.not-in-connector',
    title: 'A connector never shows its credentials',
    rule: "No credential value (a string under a key such as `apiKey`, `token` or `password`) appears in `JSON.stringify`, `util.inspect` or `String()` of a connector, whether its credentials are valid or not. A `create()` that refuses the invalid ones by throwing `AuthenticationError` has no connector to show; the error it threw must not show them either. Skipped, with the target's reason, for a platform without secret credentials (`credentials.none`).",
    why: 'Connectors end up in logs and error reports (`console.log(connector)`); a key printed once is a key leaked.',
    async run(ctx) {
      if (ctx.noCredentials !== undefined)
        ctx.skip(`the platform has no secret credentials: ${ctx.noCredentials}`);
      if (ctx.secrets.length === 0) ctx.skip('the credentials hold no secret-named string field to look for');
      for (const which of ['valid', 'invalid'] as const) {
        // The raw connector, not the recording wrapper: inspect must see exactly what users would.
        let connector: unknown;
        try {
          connector = await ctx.target.create(ctx.credentialsFor(which));
        } catch (error) {
          if (which === 'valid' || !AuthenticationError.isInstance(error)) throw error;
          for (const [where, text] of errorTexts(error)) {
            ctx.check(!leakIn(ctx, text), {
              expected: 'no credential value in the error create() threw refusing them',
              actual: `its ${where} contains one: ${ctx.redact(text).slice(0, 160)}`,
              call: 'target.create(credentials.invalid)',
            });
          }
          continue;
        }
        const renderings: Array<[string, () => string]> = [
          ['JSON.stringify(connector)', () => JSON.stringify(connector) ?? ''],
          ['util.inspect(connector)', () => inspect(connector, { depth: 8 })],
          ['String(connector)', () => String(connector)],
        ];
        for (const [call, render] of renderings) {
          let text: string;
          try {
            text = render();
          } catch (error) {
            text = error instanceof Error ? error.message : String(error);
          }
          ctx.check(!leakIn(ctx, text), {
            expected: 'no credential value in the output',
            actual: `it showed a credential value of credentials.${which}: ${ctx.redact(text).slice(0, 160)}`,
            call,
          });
        }
      }
    },
  }),
  defineClause({
    id: 'secrets.not-in-errors',
    title: 'Errors never show credentials',
    rule: "No credential value appears in the message, stack, `util.inspect` or `JSON.stringify` of any error the connector throws (or that `create()` throws refusing credentials), with valid or invalid credentials. Skipped, with the target's reason, for a platform without secret credentials (`credentials.none`).",
    why: 'Errors are logged, reported to error trackers and pasted into issues; the credentials must not travel with them.',
    async run(ctx) {
      if (ctx.noCredentials !== undefined)
        ctx.skip(`the platform has no secret credentials: ${ctx.noCredentials}`);
      if (ctx.secrets.length === 0) ctx.skip('the credentials hold no secret-named string field to look for');
      const options = { signal: ctx.signal };
      const unknownId = ctx.unknownJobId;
      const aborted = AbortSignal.abort();
      for (const which of ['invalid', 'valid'] as const) {
        // A create() that throws is recorded with its error, which is judged below like any other.
        const connector = await ctx.connect(which).catch(() => undefined);
        if (!connector) continue;
        await provoke(() => connector.authenticate(options));
        await provoke(() => connector.submitJob({ code: '', ...options }));
        await provoke(() => connector.getJobStatus(unknownId, options));
        await provoke(() => connector.getLogs(unknownId, options));
        await provoke(() => connector.listJobs({ limit: 0, ...options }));
        await provoke(() => connector.listJobs({ signal: aborted }));
      }
      for (const { call, error } of ctx.calls) {
        if (error === undefined) continue;
        for (const [where, text] of errorTexts(error)) {
          ctx.check(!leakIn(ctx, text), {
            expected: 'no credential value in the error',
            actual: `the ${where} of ${error instanceof Error ? error.name : 'the thrown value'} contains one: ${ctx.redact(text).slice(0, 160)}`,
            call,
          });
        }
      }
    },
  }),
];
