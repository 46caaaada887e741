import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  InvalidParameterError,
  JsonValueSchema,
  parseSubmitJobRequest,
  Redactor,
  ResourceConfig,
} from '../src/index.js';
import { loadCredentialsFromFile, saveCredentialsToFile } from '../src/node/index.js';

/** `{ a: { a: … { a: leaf } } }`, `depth` objects deep. */
function nested(depth: number, leaf: unknown = 1, arrays = false): unknown {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) value = arrays && i % 2 === 0 ? [value] : { a: value };
  return value;
}

async function refusal(run: () => unknown): Promise<InvalidParameterError> {
  let caught: unknown;
  try {
    await run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(InvalidParameterError);
  const error = caught as InvalidParameterError;
  // The refusal names the limit, so the caller knows what to change.
  expect(error.message).toMatch(/64 levels/);
  return error;
}

describe('structured input nested 1,200 deep is refused with InvalidParameterError naming the limit, not a RangeError', () => {
  const deep = () => nested(1200);

  it('loadCredentialsFromFile', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'nesting-'));
    const file = join(folder, 'credentials.json');
    await writeFile(file, JSON.stringify({ apiKey: 'k', extra: deep() }), { mode: 0o600 });
    await refusal(() => loadCredentialsFromFile(file));
  });

  it('saveCredentialsToFile', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'nesting-'));
    await refusal(() => saveCredentialsToFile({ apiKey: 'k', extra: deep() }, join(folder, 'c.json')));
  });

  it('ResourceConfig', async () => {
    const error = await refusal(() => new ResourceConfig({ customParams: { zone: deep() as never } }));
    expect(error.issues[0]?.field).toBe('customParams.zone');
  });

  it('parseSubmitJobRequest, wherever the nesting is', async () => {
    await refusal(() =>
      parseSubmitJobRequest({ code: 'x', resourceConfig: { customParams: { z: deep() as never } } }),
    );
    await refusal(() => parseSubmitJobRequest({ code: 'x', environment: deep() as never }));
    await refusal(() => parseSubmitJobRequest({ code: 'x', extra: deep() } as never));
  });

  it('JsonValueSchema and the Redactor', () => {
    expect(JsonValueSchema.safeParse(deep()).success).toBe(false);
    expect(() => new Redactor().addCredentials({ nested: deep() })).not.toThrow();
    expect(() => new Redactor(['secret-value-1234']).redactValue(deep())).not.toThrow();
  });

  it('any depth past the limit, objects and arrays mixed, is refused the same way', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 65, max: 3000 }), fc.boolean(), async (depth, arrays) => {
        await refusal(
          () => new ResourceConfig({ customParams: { x: nested(depth, 'leaf', arrays) as never } }),
        );
      }),
      { numRuns: 40 },
    );
  });

  it('accepts nesting up to the limit', () => {
    expect(new ResourceConfig({ customParams: { x: nested(60) as never } }).customParams.x).toBeDefined();
  });
});

describe('credential files are bounded in size', () => {
  it('refuses a file over 1 MiB without parsing it, naming the limit', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'nesting-'));
    const file = join(folder, 'credentials.json');
    await writeFile(file, JSON.stringify({ apiKey: 'k'.repeat(1024 * 1024) }), { mode: 0o600 });
    await expect(loadCredentialsFromFile(file)).rejects.toThrow(/1 MiB/);
  });
});
