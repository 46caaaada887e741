import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  batchSubmitJobs,
  type Connector,
  createRateLimiter,
  InvalidParameterError,
  type JobJournal,
  parseOrThrow,
  pollForStatusChange,
  reconcile,
  resumeJournal,
  suggestKnownKey,
  waitForCompletion,
  watchJob,
  watchJobs,
  withRetry,
} from '../src/index.js';
import { FileJobJournal } from '../src/node/index.js';

const OptionsSchema = z.strictObject({
  timeoutMs: z.number().optional(),
  maxAttempts: z.number().optional(),
  rateLimit: z.strictObject({ requestsPerSecond: z.number(), burst: z.number().optional() }).optional(),
});

function refusal(input: unknown): InvalidParameterError {
  try {
    parseOrThrow(OptionsSchema, input, 'ExampleConnector options');
  } catch (error) {
    if (InvalidParameterError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the options to be refused');
}

describe('an unknown option, refused by a strict schema', () => {
  it('names the option it most likely meant when only its case differs', () => {
    const error = refusal({ timeoutMS: 5 });
    expect(error.issues).toEqual([
      { field: 'timeoutMS', rule: 'is not a known option; did you mean "timeoutMs"?' },
    ]);
    expect(error.message).toContain('did you mean "timeoutMs"?');
  });

  it('names it for a small typo, and for a nested object, from the schema alone', () => {
    expect(refusal({ maxAtempts: 3 }).issues[0]?.rule).toMatch(/did you mean "maxAttempts"\?$/);
    expect(refusal({ rateLimit: { requestPerSecond: 5 } }).issues).toContainEqual({
      field: 'rateLimit.requestPerSecond',
      rule: 'is not a known option; did you mean "requestsPerSecond"?',
    });
  });

  it("keeps the seed's snake_case hint", () => {
    expect(refusal({ max_attempts: 3 }).issues[0]?.rule).toContain(
      `did you mean "maxAttempts"? (the seed's snake_case names are camelCase in TypeScript)`,
    );
  });

  it('guesses nothing for a name that is not close to any', () => {
    expect(refusal({ colour: 'red' }).issues).toEqual([{ field: 'colour', rule: 'is not a known option' }]);
  });
});

describe('suggestKnownKey', () => {
  const known = ['timeoutMs', 'pollIntervalMs', 'root', 'rate', 'rake'];

  it('matches across case, underscores and dashes', () => {
    expect(suggestKnownKey('TIMEOUT_MS', known)).toBe('timeoutMs');
    expect(suggestKnownKey('poll-interval-ms', known)).toBe('pollIntervalMs');
  });

  it('allows a swap of neighbours as one edit', () => {
    expect(suggestKnownKey('pollItnervalMs', known)).toBe('pollIntervalMs');
  });

  it('refuses to guess between two equally close keys, or for a short name far from all', () => {
    expect(suggestKnownKey('rame', known)).toBeUndefined();
    expect(suggestKnownKey('x', known)).toBeUndefined();
  });
});

describe("core helpers' options", () => {
  const connector = {} as Connector;

  it('createRateLimiter refuses an unknown option with a hint', () => {
    expect(() => createRateLimiter({ requestsPerSecond: 5, brust: 2 } as never)).toThrow(
      /brust: is not a known option; did you mean "burst"\?/,
    );
  });

  it('batchSubmitJobs refuses an unknown option before submitting anything', async () => {
    await expect(batchSubmitJobs(connector, [], { concurency: 4 } as never)).rejects.toThrow(
      /concurency: is not a known option; did you mean "concurrency"\?/,
    );
  });

  it('watchJobs refuses an unknown option before reading any status', async () => {
    const events = watchJobs(connector, { jobIds: ['job-1'], pollIntervalMS: 10 } as never);
    await expect(events.next()).rejects.toThrow(
      /pollIntervalMS: is not a known option; did you mean "pollIntervalMs"\?/,
    );
  });

  // Each refusal comes before any call: the connector has no methods and the journal cannot be read.
  const unreadable: JobJournal = {
    read: () => Promise.reject(new Error('the journal was read')),
    write: () => Promise.reject(new Error('the journal was written')),
  };
  const hint = (key: string, meant: string) =>
    new RegExp(`${key}: is not a known option; did you mean "${meant}"\\?`);
  const refusedWith = async (call: () => unknown, key: string, meant: string) => {
    const error = await Promise.resolve()
      .then(call)
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(InvalidParameterError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(hint(key, meant));
  };

  it('watchJob refuses { pollIntervalMS } before reading any status', async () => {
    await refusedWith(
      () => watchJob(connector, 'job-1', { pollIntervalMS: 5 } as never).next(),
      'pollIntervalMS',
      'pollIntervalMs',
    );
  });

  it('waitForCompletion refuses { pollIntervalMS }, and knows its own onStatus', async () => {
    await refusedWith(
      () => waitForCompletion(connector, 'job-1', { pollIntervalMS: 5 } as never),
      'pollIntervalMS',
      'pollIntervalMs',
    );
    await refusedWith(
      () => waitForCompletion(connector, 'job-1', { onstatus: () => {} } as never),
      'onstatus',
      'onStatus',
    );
  });

  it('resumeJournal refuses { pollIntervalMS } before reading the journal', async () => {
    await refusedWith(
      () => resumeJournal(connector, unreadable, { pollIntervalMS: 5 } as never),
      'pollIntervalMS',
      'pollIntervalMs',
    );
    await refusedWith(
      () => resumeJournal(connector, unreadable, { concurency: 2 } as never),
      'concurency',
      'concurrency',
    );
  });

  it('withRetry refuses an unknown policy key before the first attempt, also when nested in a helper', async () => {
    let attempts = 0;
    const attempt = async () => {
      attempts++;
      return 'done';
    };
    await refusedWith(() => withRetry(attempt, { maxAttempt: 3 } as never), 'maxAttempt', 'maxAttempts');
    await refusedWith(
      () => watchJob(connector, 'job-1', { retry: { initialDelayMS: 5 } } as never).next(),
      'initialDelayMS',
      'initialDelayMs',
    );
    expect(attempts).toBe(0);
  });

  it('pollForStatusChange refuses { minIntervalMS } before reading the status', async () => {
    let reads = 0;
    const readStatus = async () => {
      reads++;
      return 'running' as const;
    };
    await refusedWith(
      () => pollForStatusChange(readStatus, { since: 'running', timeoutMs: 10, minIntervalMS: 5 } as never),
      'minIntervalMS',
      'minIntervalMs',
    );
    expect(reads).toBe(0);
  });

  it('FileJobJournal refuses an unknown option before touching the file', async () => {
    await refusedWith(
      () => new FileJobJournal(join(tmpdir(), 'never-created.jsonl'), { durabel: false } as never),
      'durabel',
      'durable',
    );
  });

  it('reconcile refuses an unknown option before listing any job', async () => {
    await refusedWith(
      () => reconcile(connector, unreadable, { signl: undefined } as never),
      'signl',
      'signal',
    );
  });
});
