import { inspect } from 'node:util';
import { CloudConnectionError, InvalidParameterError } from '@neural/integrations-core';
import fc from 'fast-check';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { API } from './support/mini-platform.js';
import { useMiniPlatform } from './support/setup.js';

const { platform, server, connect } = useMiniPlatform();

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

describe('HttpConnector and hostile input', () => {
  it('refuses a submit nested 1,200 levels deep with InvalidParameterError naming the limit, sending nothing', async () => {
    const connector = connect();
    const before = platform.requests?.length ?? 0;
    const error = await connector
      .submitJob({ code: 'x', resourceConfig: { customParams: { deep: nested(1200) as never } } })
      .catch((caught: unknown) => caught);
    expect(InvalidParameterError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/64 levels/);
    expect(platform.requests?.length ?? 0).toBe(before);
  });

  it('refuses a platform answer nested 1,200 levels deep as an invalid response naming the limit', async () => {
    server.use(
      http.get(`${API}/jobs/:id`, () =>
        HttpResponse.json({ id: 'job_1', state: 'RUNNING', metrics: nested(1200) }),
      ),
    );
    const error = await connect({ retry: { maxAttempts: 1 } })
      .getJobStatus('job_1')
      .catch((caught: unknown) => caught);
    expect(CloudConnectionError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/64 levels/);
  });

  it('never shows a key passed as a constructor option', () => {
    const secretKey = fc.string({
      unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-_'),
      minLength: 41,
      maxLength: 200,
    });
    fc.assert(
      fc.property(
        secretKey,
        fc.constantFrom('timeoutMs', 'tokenRefreshMarginMs', 'allowInsecureHttp'),
        (secret, option) => {
          let caught: unknown;
          try {
            connect({ [option]: secret } as never);
          } catch (error) {
            caught = error;
          }
          expect(InvalidParameterError.isInstance(caught)).toBe(true);
          const e = caught as InvalidParameterError;
          const texts = [e.message, e.stack ?? '', JSON.stringify(e.issues), inspect(e), JSON.stringify(e)];
          for (let i = 0; i + 12 <= secret.length; i++) {
            for (const text of texts) expect(text).not.toContain(secret.slice(i, i + 12));
          }
        },
      ),
      { numRuns: 50 },
    );
  });
});
