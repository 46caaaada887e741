import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  connectorOptionFields,
  InvalidParameterError,
  parseOrThrow,
  strictOptions,
  systemClock,
  tokenClientOptionFields,
  withRetry,
} from '../src/index.js';

const CredentialsSchema = strictOptions(
  { endpoint: z.string().min(1), token: z.string().min(1) },
  { renamed: { host: 'endpoint' } },
);

function refusal(schema: z.ZodType, input: unknown, subject = 'options'): InvalidParameterError {
  try {
    parseOrThrow(schema, input, subject);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidParameterError);
    return error as InvalidParameterError;
  }
  throw new Error('expected an InvalidParameterError');
}

describe('strictOptions: known keys only', () => {
  it('accepts the known keys and returns them', () => {
    expect(parseOrThrow(CredentialsSchema, { endpoint: 'https://x', token: 't' }, 'credentials')).toEqual({
      endpoint: 'https://x',
      token: 't',
    });
  });

  it('refuses an unknown key, naming it and the rule', () => {
    const error = refusal(CredentialsSchema, { endpoint: 'https://x', token: 't', colour: 'blue' });
    expect(error.issues).toEqual([{ field: 'colour', rule: 'is not a known option' }]);
    expect(error.message).toBe('Invalid options:\n  - colour: is not a known option');
  });

  it('suggests the known key a near miss meant', () => {
    const schema = strictOptions({ ...connectorOptionFields });
    expect(refusal(schema, { timeoutMS: 5 }).issues).toEqual([
      { field: 'timeoutMS', rule: 'is not a known option; did you mean "timeoutMs"?' },
    ]);
    expect(refusal(schema, { loger: {} }).issues).toEqual([
      { field: 'loger', rule: 'is not a known option; did you mean "logger"?' },
    ]);
  });

  it('says what a renamed key is called now, and never suggests the old name', () => {
    const error = refusal(CredentialsSchema, { host: 'https://x', token: 't' }, 'credentials');
    expect(error.issues).toContainEqual({ field: 'host', rule: 'is now `endpoint` (renamed)' });
    expect(error.issues).toContainEqual(expect.objectContaining({ field: 'endpoint' }));
    // "hots" is one swap from the old name and far from every current one: no hint at the old name.
    expect(refusal(CredentialsSchema, { endpoint: 'e', token: 't', hots: 1 }).issues).toEqual([
      { field: 'hots', rule: 'is not a known option' },
    ]);
  });

  it('checks nested objects with their own keys and renames', () => {
    const schema = strictOptions({
      cluster: strictOptions(
        { minWorkers: z.number(), maxWorkers: z.number() },
        { renamed: { workers: 'maxWorkers' } },
      ).optional(),
    });
    expect(refusal(schema, { cluster: { minWorker: 1, maxWorkers: 2 } }).issues).toEqual([
      { field: 'cluster.minWorkers', rule: expect.stringMatching(/expected number/) },
      { field: 'cluster.minWorker', rule: 'is not a known option; did you mean "minWorkers"?' },
    ]);
    expect(refusal(schema, { cluster: { minWorkers: 1, maxWorkers: 2, workers: 3 } }).issues).toEqual([
      { field: 'cluster.workers', rule: 'is now `maxWorkers` (renamed)' },
    ]);
  });

  it('keeps its renames through a derived schema (.partial()), and still never suggests an old name', () => {
    const partial = CredentialsSchema.partial();
    expect(refusal(partial, { host: 'h' }).issues).toEqual([
      { field: 'host', rule: 'is now `endpoint` (renamed)' },
    ]);
    expect(refusal(partial, { hots: 1 }).issues).toEqual([{ field: 'hots', rule: 'is not a known option' }]);
  });

  it('keeps its keys and renames through refinements', () => {
    const refined = CredentialsSchema.superRefine(() => {});
    expect(refusal(refined, { host: 'h', endpoint: 'e', token: 't' }).issues).toEqual([
      { field: 'host', rule: 'is now `endpoint` (renamed)' },
    ]);
  });

  it('never quotes the value of an unknown or renamed key (it may be a secret under the wrong name)', () => {
    const schema = strictOptions({ token: z.string().optional() }, { renamed: { apiKey: 'token' } });
    for (const input of [{ apiKey: 'hunter2' }, { api_key: 'hunter2' }, { tokn: 'hunter2' }]) {
      const error = refusal(schema, input);
      expect(error.message).not.toContain('hunter2');
      expect(JSON.stringify(error.issues)).not.toContain('hunter2');
    }
  });

  it('strips nothing silently: the output holds no old key', () => {
    expect(parseOrThrow(CredentialsSchema, { endpoint: 'e', token: 't', host: undefined }, 'c')).toEqual({
      endpoint: 'e',
      token: 't',
    });
  });

  it('refuses a rename to a key the shape does not have, or from one it has', () => {
    expect(() => strictOptions({ a: z.string() }, { renamed: { b: 'c' as 'a' } })).toThrow(TypeError);
    expect(() => strictOptions({ a: z.string(), b: z.string() }, { renamed: { b: 'a' } })).toThrow(TypeError);
  });

  it('words an unknown key as the helpers do (one implementation)', async () => {
    const helperRule = await withRetry(async () => 1, { maxAttemps: 2 } as never).then(
      () => undefined,
      (error: InvalidParameterError) => error.issues[0]?.rule,
    );
    const schemaRule = refusal(strictOptions({ maxAttempts: z.number().optional() }), { maxAttemps: 2 })
      .issues[0]?.rule;
    expect(helperRule).toBe('is not a known option; did you mean "maxAttempts"?');
    expect(schemaRule).toBe(helperRule);
  });
});

describe('connectorOptionFields', () => {
  const schema = strictOptions({ ...connectorOptionFields });

  it('accepts a rate limiter or its settings, and refuses an unknown setting', () => {
    expect(() => parseOrThrow(schema, { rateLimit: { requestsPerSecond: 2, burst: 1 } }, 'o')).not.toThrow();
    expect(() => parseOrThrow(schema, { rateLimit: { acquire: async () => {} } }, 'o')).not.toThrow();
    expect(refusal(schema, { rateLimit: { requestsPerSecond: 2, brust: 1 } }).issues).toEqual([
      { field: 'rateLimit.brust', rule: expect.stringMatching(/^is not a known option/) },
    ]);
  });

  it('refuses a clock or a logger that lacks a method its interface promises', () => {
    expect(refusal(schema, { clock: { now: () => 0 } }).issues).toEqual([
      { field: 'clock', rule: 'must be a Clock (with now() and sleep()) (got object)' },
    ]);
    expect(refusal(schema, { logger: { info() {} } }).issues[0]?.field).toBe('logger');
    const logger = { debug() {}, info() {}, warn() {}, error() {} };
    expect(() => parseOrThrow(schema, { logger, clock: systemClock }, 'o')).not.toThrow();
  });

  it('refuses a timeout that is not a whole positive number', () => {
    expect(refusal(schema, { timeoutMs: 0 }).issues).toEqual([
      { field: 'timeoutMs', rule: 'must be greater than 0 (got 0)' },
    ]);
    expect(refusal(schema, { fetch: 'x' }).issues[0]).toEqual({
      field: 'fetch',
      rule: 'must be a function (got "x")',
    });
  });
});

describe('tokenClientOptionFields', () => {
  it('refuses a negative refresh margin and an empty user agent, and a near miss of either', () => {
    const schema = strictOptions({ ...tokenClientOptionFields });
    expect(refusal(schema, { tokenRefreshMarginMs: -1, userAgent: '' }).issues.map((i) => i.field)).toEqual([
      'userAgent',
      'tokenRefreshMarginMs',
    ]);
    expect(refusal(schema, { useragent: 'x' }).issues[0]?.rule).toBe(
      'is not a known option; did you mean "userAgent"?',
    );
  });
});
