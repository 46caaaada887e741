import { describe, expect, it } from 'vitest';
import {
  batchSubmitJobs,
  InvalidParameterError,
  parseSubmitJobRequest,
  ResourceConfig,
  type SubmitJobRequest,
} from '../src/index.js';
import { NO_CAPABILITIES, scriptedConnector } from './support.js';

/** A connector that validates like every real one, recording what it was handed and what validation gave. */
function validatingConnector() {
  const handed: { request: SubmitJobRequest; parsedAsIs: boolean }[] = [];
  const connector = scriptedConnector([], {
    capabilities: { ...NO_CAPABILITIES, idempotency: true },
    submitJob: async (request) => {
      const parsed = parseSubmitJobRequest(request);
      handed.push({ request, parsedAsIs: parsed === request });
      return `id-${parsed.idempotencyKey}`;
    },
  });
  return { connector, handed };
}

describe('batchSubmitJobs validates each job once', () => {
  it("hands the connector the request it validated, which the connector's own validation returns as it is", async () => {
    const { connector, handed } = validatingConnector();
    const signal = new AbortController().signal;
    const result = await batchSubmitJobs(
      connector,
      [
        { code: 'print(1)', resourceConfig: { gpuEnabled: true, gpuCount: 1 } },
        { code: 'print(2)', idempotencyKey: 'mine-2', environment: { A: '1' } },
      ],
      { batchId: 'sweep-7', signal },
    );
    expect(result.failures).toEqual([]);
    expect(handed.map((entry) => entry.parsedAsIs)).toEqual([true, true]);
    const [first, second] = handed.map((entry) => entry.request);
    expect(first?.idempotencyKey).toBe('sweep-7:0');
    expect(first?.resourceConfig).toBeInstanceOf(ResourceConfig);
    expect(first?.signal).toBe(signal);
    expect(Object.isFrozen(first)).toBe(true);
    expect(second?.idempotencyKey).toBe('mine-2');
    expect(second?.environment).toEqual({ A: '1' });
  });

  it('never lets a look-alike pass for validated: a copy of a validated request is validated again', () => {
    const parsed = parseSubmitJobRequest({ code: 'print(1)' });
    expect(parseSubmitJobRequest(parsed)).toBe(parsed);
    const copy = { ...parsed, jobName: 'not a valid name!' };
    expect(() => parseSubmitJobRequest(copy)).toThrow(InvalidParameterError);
  });

  it('still keeps a malformed job, or a malformed generated key, from ever reaching the connector', async () => {
    const { connector, handed } = validatingConnector();
    const bad = await batchSubmitJobs(connector, [{ code: '' }, { code: 'print(1)' }], {});
    expect(bad.failures.map((failure) => failure.index)).toEqual([0]);
    expect(handed).toHaveLength(1);
    const badKeys = await batchSubmitJobs(connector, [{ code: 'print(1)' }], { batchId: 'has spaces' });
    expect(InvalidParameterError.isInstance(badKeys.failures[0]?.error)).toBe(true);
    expect(badKeys.failures[0]?.error.message).toContain('idempotencyKey');
    expect(handed).toHaveLength(1);
  });
});
