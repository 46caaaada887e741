/**
 * The same, smaller, for SlurmConnector: slurmrestd answers generated from recorded shapes, mutated, truncated,
 * wrongly typed, HTML, huge, or broken mid-stream, and fetch failures. Only CloudException subclasses come out,
 * every call ends (bounded here), and nothing is left unhandled.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SlurmConnector } from '@neural/connector-slurm';
import { CloudException } from '@neural/integrations-core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnswerSpec, answer, serve } from './support/hostile-responses.js';
import { describe as describeError, FC_SEED, runs, trackUnhandled, within } from './support/properties.js';

const meta = { plugin: { type: 'openapi/v0.0.38', name: 'Slurm OpenAPI v0.0.38' } };
const slurmJob = {
  job_id: 7,
  name: 'neural-job',
  job_state: 'RUNNING',
  exit_code: 0,
  submit_time: 1_795_928_256,
  start_time: 1_795_928_257,
  end_time: 0,
  standard_output: '/tmp/neural-slurm/jobs/neural-%j.out',
  standard_error: '/tmp/neural-slurm/jobs/neural-%j.err',
  current_working_directory: '/tmp/neural-slurm/jobs',
  user_name: 'root',
};

/** Recorded-shape answers, mutated field by field. */
const slurmBody = fc
  .constantFrom<Record<string, unknown>>(
    { meta, errors: [], pings: [{ hostname: 'vm', ping: 'UP', status: 0, mode: 'primary' }] },
    { meta, errors: [], job_id: 4, step_id: 'BATCH', job_submit_user_msg: '' },
    { meta, errors: [], jobs: [slurmJob] },
    { meta, errors: [{ error_number: 2017, error: 'Invalid job id specified' }] },
    { meta, errors: [], nodes: [{ name: 'vm', cpus: 4, alloc_cpus: 1, gres: 'gpu:2', state: 'idle' }] },
  )
  .chain((template) =>
    fc.record(
      Object.fromEntries(
        Object.entries(template).map(([key, value]) => [
          key,
          fc.oneof(
            { weight: 4, arbitrary: fc.constant(value) },
            { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
            {
              weight: 1,
              arbitrary: fc.constant(
                Array.isArray(value) ? value.map((v) => ({ ...v, job_state: 42, job_id: 'x' })) : null,
              ),
            },
          ),
        ]),
      ),
      { requiredKeys: [] },
    ),
  );

const slurmAnswer: fc.Arbitrary<AnswerSpec> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(200, 200, 400, 401, 403, 404, 500, 502, 503), slurmBody)
      .map(([status, body]) => ({
        kind: 'response' as const,
        status,
        headers: { 'content-type': 'application/json' },
        body: { kind: 'text' as const, text: JSON.stringify(body) },
      })),
  },
  { weight: 2, arbitrary: answer },
);

const OPERATIONS: Record<string, (connector: SlurmConnector) => Promise<unknown>> = {
  authenticate: (c) => c.authenticate(),
  submitJob: (c) => c.submitJob({ code: 'print(1)', jobName: 'fuzz' }),
  getJobStatus: (c) => c.getJobStatus('7'),
  getJobResult: (c) => c.getJobResult('7'),
  cancelJob: (c) => c.cancelJob('7'),
  listJobs: (c) => c.listJobs({ limit: 20 }),
  getLogs: (c) => c.getLogs('7'),
  getResourceUsage: (c) => c.getResourceUsage(),
};

describe('SlurmConnector fed hostile slurmrestd answers', () => {
  const unhandled = trackUnhandled();
  let workdir: string;
  beforeAll(async () => {
    workdir = await mkdtemp(join(tmpdir(), 'reliability-fuzz-slurm-'));
  });
  afterAll(async () => {
    unhandled.stop();
    await rm(workdir, { recursive: true, force: true });
  });

  it('throws only CloudException subclasses, and every call ends', async () => {
    const outcomes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(OPERATIONS)),
        fc.array(slurmAnswer, { minLength: 1, maxLength: 3 }),
        async (name, answers) => {
          let served = 0;
          const connector = new SlurmConnector(
            {
              endpoint: 'http://slurm.fuzz.test:6820',
              user: 'root',
              token: 'eyJhbGciOiJIUzI1NiJ9.e30.fuzz-signature',
            },
            {
              workdir,
              timeoutMs: 2_000,
              retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 5, maxElapsedMs: 50 },
              fetch: async (_input, init) => {
                if (served > 200)
                  throw new Error('the connector is looping: more than 200 requests for one call');
                return serve(answers[served++ % answers.length] as AnswerSpec, init?.signal);
              },
            },
          );
          try {
            await within(5_000, (OPERATIONS[name] as (typeof OPERATIONS)[string])(connector), name);
            outcomes.add('resolved');
          } catch (error) {
            if (!CloudException.isInstance(error)) {
              throw new Error(`${name} threw ${describeError(error)}`, { cause: error });
            }
            expect(() => JSON.stringify(error)).not.toThrow();
            outcomes.add(error.name);
          }
        },
      ),
      { numRuns: runs(300), seed: FC_SEED },
    );
    expect(outcomes.has('resolved')).toBe(true);
    expect(outcomes.has('CloudConnectionError')).toBe(true);
  });

  it('crashed nothing: no unhandled rejection or uncaught exception', () => {
    expect(unhandled.errors.map(describeError)).toEqual([]);
  });
});
