import { inspect } from 'node:util';
import { InvalidParameterError } from '@neural/integrations-core';
import { describe, expect, it } from 'vitest';
import { buildFakePlatformImage, FakePlatformContainer } from '../src/index.js';

function caught(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('FakePlatformContainer options, checked before any container is created', () => {
  it('rejects an API key shorter than 8 characters, naming the field but not echoing the value', () => {
    const error = caught(() => new FakePlatformContainer().withApiKey('short'));
    expect(InvalidParameterError.isInstance(error)).toBe(true);
    expect((error as InvalidParameterError).issues[0]?.field).toBe('apiKey');
    expect((error as Error).message).toContain('at least 8 characters');
    expect((error as Error).message).not.toContain('short"');
  });

  it('rejects a fault rate outside 0..1 with the fake platform own rule', () => {
    const error = caught(() => new FakePlatformContainer().withFaults({ rate: 2 }));
    expect(InvalidParameterError.isInstance(error)).toBe(true);
    expect((error as InvalidParameterError).issues[0]).toMatchObject({ field: 'faults.rate' });
  });

  it('rejects a seed that is not a whole number and a non-positive token lifetime', () => {
    expect(InvalidParameterError.isInstance(caught(() => new FakePlatformContainer().withSeed(1.5)))).toBe(
      true,
    );
    expect(
      InvalidParameterError.isInstance(caught(() => new FakePlatformContainer().withTokenTtlMs(0))),
    ).toBe(true);
  });

  it('refuses fault kinds without control routes, since the command line cannot carry them', async () => {
    const container = new FakePlatformContainer('localhost/never-created:none').withFaults({
      kinds: ['internal'],
    });
    await expect(container.start()).rejects.toSatisfy(InvalidParameterError.isInstance);
  });

  it('keeps the API key out of JSON and util.inspect', () => {
    const container = new FakePlatformContainer().withApiKey('fake-secret-key-42');
    expect(JSON.stringify(container)).not.toContain('fake-secret-key-42');
    expect(inspect(container, { depth: 10 })).not.toContain('fake-secret-key-42');
  });
});

describe('buildFakePlatformImage options', () => {
  it('rejects a tag that is not an image reference before bundling anything', async () => {
    await expect(buildFakePlatformImage({ tag: 'Not A Tag' })).rejects.toSatisfy(
      (error: unknown) =>
        InvalidParameterError.isInstance(error) &&
        (error as InvalidParameterError).issues[0]?.field === 'tag',
    );
  });
});
