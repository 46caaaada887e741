import { inspect } from 'node:util';
import { AuthenticationError, consoleLogger } from '@neural/integrations-core';
import { describe, expect, it } from 'vitest';
import { MockConnector } from '../src/index.js';

describe('credentials', () => {
  it('are optional: a connector without any authenticates', async () => {
    const connector = new MockConnector();
    expect(await connector.authenticate()).toBe(true);
    expect(connector.authenticated).toBe(true);
  });

  it('with acceptApiKey, only that key authenticates', async () => {
    const good = new MockConnector({ credentials: { apiKey: 'good-key' }, acceptApiKey: 'good-key' });
    const bad = new MockConnector({ credentials: { apiKey: 'bad-key' }, acceptApiKey: 'good-key' });
    const none = new MockConnector({ acceptApiKey: 'good-key' });
    expect(await good.authenticate()).toBe(true);
    expect(await bad.authenticate()).toBe(false);
    expect(bad.authenticated).toBe(false);
    expect(await none.authenticate()).toBe(false);
  });

  it('with invalidApiKey, that key is refused and others accepted', async () => {
    expect(
      await new MockConnector({ credentials: { apiKey: 'x-1' }, invalidApiKey: 'nope' }).authenticate(),
    ).toBe(true);
    expect(
      await new MockConnector({ credentials: { apiKey: 'nope' }, invalidApiKey: 'nope' }).authenticate(),
    ).toBe(false);
  });

  it('when refused, make every other call throw AuthenticationError', async () => {
    const bad = new MockConnector({ credentials: { apiKey: 'bad-key' }, acceptApiKey: 'good-key' });
    await expect(bad.submitJob({ code: 'x = 1' })).rejects.toBeInstanceOf(AuthenticationError);
    await expect(bad.listJobs()).rejects.toBeInstanceOf(AuthenticationError);
    await expect(bad.getResourceUsage()).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('never appear in JSON, inspect, errors or logs', async () => {
    const lines: string[] = [];
    const sink = { debug: () => {}, info: (l: string) => lines.push(l), warn: () => {}, error: () => {} };
    const connector = new MockConnector({
      credentials: { apiKey: 'sk-live-secret-1' },
      acceptApiKey: 'sk-live-secret-2',
      logger: consoleLogger({ level: 'debug', console: sink }),
    });
    const error = await connector.listJobs().catch((caught: unknown) => caught as Error);
    await new MockConnector({
      credentials: { apiKey: 'sk-live-secret-1' },
      logger: consoleLogger({ console: sink }),
    }).submitJob({ code: 'print("sk-live-secret-1")' });
    const everything = [
      JSON.stringify(connector),
      inspect(connector),
      String(error),
      JSON.stringify(error),
      ...lines,
    ].join('\n');
    expect(everything).not.toContain('sk-live-secret');
    expect(lines.length).toBeGreaterThan(0);
  });

  it('are validated: an empty key is refused with InvalidParameterError naming the field, without its value', () => {
    expect(() => new MockConnector({ credentials: { apiKey: '' } })).toThrow(/credentials\.apiKey/);
    expect(() => new MockConnector({ credentials: { token: 'sk-abc' } as never })).toThrow(
      /not a known option/,
    );
  });
});
