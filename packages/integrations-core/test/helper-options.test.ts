import { describe, expect, it } from 'vitest';
import {
  batchSubmitJobs,
  connectorOptionFields,
  InvalidParameterError,
  MAX_STRUCTURE_VALUES,
  MemoryJobJournal,
  OperationAbortedError,
  parseOrThrow,
  type RateLimiter,
  resumeJournal,
  strictOptions,
  waitForCompletion,
  watchJob,
  watchJobs,
  withRetry,
} from '../src/index.js';
import { scriptedConnector } from './support.js';

/** The refusal `call` ends in (thrown or rejected), which must be an `InvalidParameterError`. */
async function refusalOf(call: () => unknown): Promise<InvalidParameterError> {
  const outcome = await Promise.resolve()
    .then(call)
    .then(
      () => undefined,
      (caught: unknown) => caught,
    );
  if (!InvalidParameterError.isInstance(outcome))
    throw new Error(`expected a refusal, got ${String(outcome)}`);
  return outcome;
}

describe("core helpers' options: one strict schema each (strictOptions, as connectors use)", () => {
  it('names an unknown key and a bad value in one refusal', async () => {
    const error = await refusalOf(() => withRetry(async () => 1, { maxAttempt: 3, factor: 0.5 } as never));
    expect(error.issues).toEqual([
      { field: 'factor', rule: 'must be a finite number of at least 1 (got 0.5)' },
      { field: 'maxAttempt', rule: 'is not a known option; did you mean "maxAttempts"?' },
    ]);
    expect(error.message).toMatch(/^Invalid retry policy:\n/);
  });

  it('refuses a hook that is not a function, before the first attempt', async () => {
    let attempts = 0;
    const error = await refusalOf(() =>
      withRetry(async () => ++attempts, { onRetry: 'console.log' as never, isRetryable: undefined }),
    );
    expect(error.issues).toEqual([{ field: 'onRetry', rule: 'must be a function (got "console.log")' }]);
    expect(attempts).toBe(0);
  });

  it('names a bad field of a nested retry policy by its path, under the helper it was given to', async () => {
    const connector = scriptedConnector(['succeeded']);
    const error = await refusalOf(() => watchJob(connector, 'job-1', { retry: { maxAttempts: 0 } }).next());
    expect(error.issues).toEqual([
      { field: 'retry.maxAttempts', rule: 'must be a whole number of at least 1 (got 0)' },
    ]);
    expect(error.message).toMatch(/^Invalid watchJob options:\n/);
    expect(connector.calls).toEqual([]);
  });

  it('refuses a signal, a journal or a switch that is not one, before anything is sent', async () => {
    const connector = scriptedConnector(['succeeded']);
    const batch = await refusalOf(() =>
      batchSubmitJobs(connector, [{ jobName: 'a', script: 'x' }] as never, {
        signal: { aborted: false } as never,
        journal: {} as never,
      }),
    );
    expect(batch.issues.map((issue) => `${issue.field}: ${issue.rule}`)).toEqual([
      'signal: must be an AbortSignal (got object)',
      'journal: must be a JobJournal (with read() and write()) (got object)',
    ]);
    const wait = await refusalOf(() =>
      waitForCompletion(connector, 'job-1', { cancelOnTimeout: 'yes' as never }),
    );
    expect(wait.issues).toEqual([{ field: 'cancelOnTimeout', rule: 'must be true or false (got "yes")' }]);
    expect(connector.calls).toEqual([]);
  });

  it('keeps the rule of a bounded listing', async () => {
    const error = await refusalOf(() =>
      watchJobs(scriptedConnector([]), { jobIds: ['a'], listLimit: 5000 }).next(),
    );
    expect(error.issues).toEqual([
      { field: 'listLimit', rule: 'must be at most 1000 (the most listJobs returns) (got 5000)' },
    ]);
  });

  it('looks at an object only by the methods it promises: never walks nor copies it', async () => {
    // A logger holding a cycle, and more job ids than structured input may hold values: neither is hostile
    // nesting, so neither is refused.
    const logger = { debug() {}, info() {}, warn() {}, error() {}, self: undefined as unknown };
    logger.self = logger;
    const jobIds = Array.from({ length: MAX_STRUCTURE_VALUES + 1 }, (_, index) => `job-${index}`);
    const events = watchJobs(scriptedConnector([]), { jobIds, logger, signal: AbortSignal.abort() });
    await expect(events.next()).rejects.toSatisfy(OperationAbortedError.isInstance);

    // A class-made journal is used as it is: the results are recorded in the journal given.
    const journal = new MemoryJobJournal();
    await journal.write({ type: 'intent', key: 'k', request: { jobName: 'a', script: 'x' }, at: 0 } as never);
    await journal.write({ type: 'submitted', key: 'k', jobId: 'job-1', at: 0 } as never);
    const { results } = await resumeJournal(scriptedConnector(['succeeded']), journal, { logger });
    expect(results.map((outcome) => outcome.jobId)).toEqual(['job-1']);
    expect((await journal.read()).some((record) => record.type === 'result')).toBe(true);
  });
});

describe("connectorOptionFields' retry policy", () => {
  const ConnectorOptions = strictOptions({ ...connectorOptionFields });

  it("refuses a misspelt field at the connector's boundary, by its path, with the field it meant", async () => {
    const error = await refusalOf(() =>
      parseOrThrow(ConnectorOptions, { retry: { maxAtempts: 3 } }, 'MyConnector options'),
    );
    expect(error.issues).toEqual([
      { field: 'retry.maxAtempts', rule: 'is not a known option; did you mean "maxAttempts"?' },
    ]);
    expect(error.message).toMatch(/^Invalid MyConnector options:\n/);
  });

  it('refuses a signal or a clock in it: the connector supplies them per request', async () => {
    const error = await refusalOf(() =>
      parseOrThrow(ConnectorOptions, { retry: { signal: AbortSignal.abort(), clock: {} } }, 'o'),
    );
    expect(error.issues).toEqual([
      { field: 'retry.signal', rule: 'is not a known option' },
      { field: 'retry.clock', rule: 'is not a known option' },
    ]);
  });

  it('keeps its hooks as given', () => {
    const onRetry = () => {};
    const parsed = parseOrThrow(ConnectorOptions, { retry: { maxAttempts: 2, onRetry } }, 'o');
    expect(parsed.retry).toEqual({ maxAttempts: 2, onRetry });
    expect(parsed.retry?.onRetry).toBe(onRetry);
  });
});

describe('waitForCompletion', () => {
  it('checks its options once per call, not again in the watch it runs', async () => {
    let checks = 0;
    const journal = new MemoryJobJournal();
    // `read` is looked at only by the check that the journal is one: waiting writes, it never reads.
    const counted = {
      write: journal.write.bind(journal),
      get read() {
        checks++;
        return journal.read.bind(journal);
      },
    };
    const result = await waitForCompletion(scriptedConnector(['succeeded']), 'job-1', { journal: counted });
    expect(result.status).toBe('succeeded');
    expect((await journal.read()).map((record) => record.type)).toEqual(['status', 'result']);
    expect(checks).toBe(1);
  });
});

describe("connectorOptionFields' rate limit", () => {
  it('hands a class-made RateLimiter back as it is, not a copy that loses its prototype', () => {
    class CountingLimiter implements RateLimiter {
      acquired = 0;
      async acquire() {
        this.acquired++;
      }
    }
    const limiter = new CountingLimiter();
    const parsed = parseOrThrow(strictOptions({ ...connectorOptionFields }), { rateLimit: limiter }, 'o');
    expect(parsed.rateLimit).toBe(limiter);
  });

  it("checks a limiter's settings by the rate limiter's own rules, at the connector's boundary", () => {
    const ConnectorOptions = strictOptions({ ...connectorOptionFields });
    for (const rateLimit of [{ requestsPerSecond: 0 }, { requestsPerSecond: 5, burst: 1.5 }]) {
      expect(() => parseOrThrow(ConnectorOptions, { rateLimit }, 'o')).toThrow(/rateLimit/);
    }
    expect(
      parseOrThrow(ConnectorOptions, { rateLimit: { requestsPerSecond: 5, burst: 2 } }, 'o').rateLimit,
    ).toEqual({
      requestsPerSecond: 5,
      burst: 2,
    });
  });
});
