import { randomUUID } from 'node:crypto';
import { type Connector, InvalidParameterError, type SubmitJobRequest } from '@neural/integrations-core';
import { defineClause } from '../clause.js';
import type { ClauseContext } from '../context.js';

const MANY = 5;

async function listedIds(ctx: ClauseContext, connector: Connector): Promise<Set<string>> {
  const jobs = await connector.listJobs({ limit: 100, signal: ctx.signal });
  return new Set(jobs.map((job) => job.id));
}

function checkDistinct(ctx: ClauseContext, ids: readonly string[], call: string): void {
  const seen = new Set<string>();
  for (const id of ids) {
    ctx.check(!seen.has(id), {
      expected: `${ids.length} distinct job ids`,
      actual: `id ${ctx.describe(id)} was returned twice (${ctx.describe(ids)})`,
      call,
    });
    seen.add(id);
  }
}

/** `submit.*`: a submit makes exactly one job, with an id that names only it, and bad input makes none. */
export const submitClauses = [
  defineClause({
    id: 'submit.returns-id',
    title: 'Submit returns a non-empty job id',
    rule: '`submitJob()` resolves with a non-empty string: the id every other job method takes.',
    why: 'An empty or missing id makes the job unreachable: it runs (and costs) but cannot be watched or cancelled.',
    async run(ctx) {
      const connector = await ctx.connect();
      const jobId: unknown = await ctx.submit(connector, 'succeeds');
      ctx.check(typeof jobId === 'string' && jobId.trim().length > 0, {
        expected: 'a non-empty string id',
        actual: `it resolved ${ctx.describe(jobId)}`,
      });
    },
  }),
  defineClause({
    id: 'submit.unique-ids',
    title: 'Job ids are unique across many submits',
    rule: `Submitting ${MANY} jobs one after another gives ${MANY} different ids.`,
    why: 'A repeated id makes two jobs one: status, logs and cancel then act on the wrong job.',
    async run(ctx) {
      const connector = await ctx.connect();
      const ids: string[] = [];
      for (let i = 0; i < MANY; i++) ids.push(await ctx.submit(connector, 'succeeds'));
      checkDistinct(ctx, ids, `${MANY} sequential connector.submitJob() calls`);
    },
  }),
  defineClause({
    id: 'submit.unique-ids-concurrent',
    title: 'Job ids are unique across concurrent submits',
    rule: `Submitting ${MANY} jobs at once (without awaiting each) gives ${MANY} different ids.`,
    why: 'Batch helpers submit in parallel; an id built from a clock or a racy counter collides exactly then.',
    async run(ctx) {
      const connector = await ctx.connect();
      const ids = await Promise.all(Array.from({ length: MANY }, () => ctx.submit(connector, 'succeeds')));
      checkDistinct(ctx, ids, `${MANY} concurrent connector.submitJob() calls`);
    },
  }),
  defineClause({
    id: 'submit.rejects-invalid-input',
    title: 'Invalid submits are rejected before anything is sent',
    rule: '`submitJob()` rejects with `InvalidParameterError` for empty code, a bad `resourceConfig`, an environment variable name that is not an identifier, or a bad job name, and no job appears in `listJobs()`.',
    why: 'A typo must cost an error message, not a queued job that fails an hour later (or a bill).',
    async run(ctx) {
      const connector = await ctx.connect();
      const before = await listedIds(ctx, connector);
      const code = ctx.target.jobs.succeeds.code;
      const cases: Array<[string, SubmitJobRequest]> = [
        ['empty code', { code: '' }],
        ['blank code', { code: '   \n' }],
        ['a negative gpuCount', { code, resourceConfig: { gpuCount: -1 } }],
        ['a non-numeric memoryGb', { code, resourceConfig: { memoryGb: 'lots' as unknown as number } }],
        ['an environment name with a space', { code, environment: { 'BAD NAME': 'x' } }],
        ['an environment name starting with a digit', { code, environment: { '1ST': 'x' } }],
        ['a job name with spaces and "!"', { code, jobName: 'not a valid name!' }],
      ];
      for (const [label, request] of cases) {
        const description = `connector.submitJob(${ctx.describe({ ...request })}) with ${label}`;
        const error = await ctx.rejection(
          description,
          () => connector.submitJob({ ...request, signal: ctx.signal }),
          `an InvalidParameterError for ${label}`,
        );
        ctx.check(InvalidParameterError.isInstance(error), {
          expected: `an InvalidParameterError for ${label}`,
          actual: `it rejected with ${ctx.describe(error)}`,
          call: description,
        });
      }
      const after = await listedIds(ctx, connector);
      const created = [...after].filter((id) => !before.has(id));
      ctx.check(created.length === 0, {
        expected: 'no new job after rejected submits',
        actual: `listJobs() shows new job(s) ${ctx.describe(created)}`,
        call: 'connector.listJobs({ limit: 100 }) after the rejected submits',
      });
    },
  }),
  defineClause({
    id: 'submit.idempotency-key',
    title: 'The same idempotency key yields one job',
    rule: 'Submitting the same request twice with the same `idempotencyKey` returns the same id, and `listJobs()` shows one job, not two.',
    why: 'A submit retried after a timeout must not start (and bill) a second training run.',
    requires: ['idempotency'],
    async run(ctx) {
      const connector = await ctx.connect();
      const idempotencyKey = `conformance-${randomUUID()}`;
      const request = {
        code: ctx.target.jobs.succeeds.code,
        jobName: ctx.jobName('idempotent'),
        idempotencyKey,
        signal: ctx.signal,
      };
      const first = await connector.submitJob(request);
      const second = await connector.submitJob(request);
      ctx.check(first === second, {
        expected: `the same id twice for idempotency key ${ctx.describe(idempotencyKey)}`,
        actual: `the ids were ${ctx.describe(first)} and ${ctx.describe(second)}`,
        call: 'connector.submitJob() twice with the same idempotencyKey',
      });
      const listed = await connector.listJobs({ limit: 100, signal: ctx.signal });
      const copies = listed.filter((job) => job.id === first || job.name === request.jobName);
      ctx.check(copies.length === 1, {
        expected: 'exactly one listed job for the repeated submit',
        actual: `listJobs() shows ${copies.length}: ${ctx.describe(copies.map((job) => job.id))}`,
        call: 'connector.listJobs({ limit: 100 })',
      });
    },
  }),
  defineClause({
    id: 'submit.environment-reaches-job',
    title: 'Environment variables reach the job',
    rule: "Each variable of a submit's `environment` is set in the job, value intact (spaces, quotes, non-ASCII letters): the target's `jobs.printsEnv(name)` job prints it, and its result's `output` holds it. Two jobs submitted at once with different values each see their own. Skipped, with the reason, when the target gives no `jobs.printsEnv`.",
    why: 'Configuration, seeds and paths travel as environment variables; one dropped, truncated or taken from another job trains the wrong model.',
    async run(ctx) {
      const connector = await ctx.connect();
      const name = 'NEURAL_CONFORMANCE_VALUE';
      const code = ctx.printsEnvCode(name, 'environment variables');
      const values = [1, 2].map(
        (n) => `${ctx.marker(`env${n}`)} with spaces, "double" and 'single' quotes, héllo ✓`,
      );
      const jobs = await Promise.all(
        values.map(async (value, index) => ({
          value,
          jobId: await ctx.submitCode(connector, code, {
            jobName: ctx.jobName(`env${index + 1}`),
            environment: { [name]: value },
          }),
        })),
      );
      await Promise.all(
        jobs.map(async ({ value, jobId }) => {
          const result = await ctx.waitForTerminal(connector, jobId);
          ctx.check(typeof result.output === 'string' && result.output.includes(value), {
            expected: `the job to print ${name}=${ctx.describe(value)}`,
            actual: `it ended "${result.status}" with output ${ctx.describe(result.output)}`,
            call: `connector.getJobResult(${ctx.describe(jobId)})`,
          });
        }),
      );
    },
  }),
];
