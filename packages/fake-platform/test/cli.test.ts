import { InvalidParameterError } from '@neural/integrations-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCliArgs, runCli } from '../src/cli-args.js';
import { until } from './helpers.js';

describe('neural-fake-platform arguments', () => {
  it('maps every flag onto server options', () => {
    const command = parseCliArgs([
      '--port',
      '9090',
      '--host',
      '0.0.0.0',
      '--api-key',
      'my-fake-key-1',
      '--fault-rate',
      '0.3',
      '--latency-ms',
      '20',
      '--seed',
      '7',
      '--token-ttl-ms',
      '1000',
      '--enable-control',
    ]);
    expect(command).toEqual({
      help: false,
      options: {
        port: 9090,
        host: '0.0.0.0',
        apiKey: 'my-fake-key-1',
        seed: 7,
        tokenTtlMs: 1000,
        enableControl: true,
        faults: { rate: 0.3, latencyMs: 20 },
      },
    });
  });

  it('defaults to port 8080 on loopback without faults', () => {
    expect(parseCliArgs([])).toMatchObject({
      options: { port: 8080, host: '127.0.0.1', faults: { rate: 0 } },
    });
  });

  it('names the flag in the error for a bad value or an unknown flag', () => {
    expect(() => parseCliArgs(['--fault-rate', '1.5'])).toThrow(/--fault-rate: must be from 0 to 1/);
    expect(() => parseCliArgs(['--port', 'http'])).toThrow(/--port: must be a number/);
    expect(() => parseCliArgs(['--latency-ms', '-5'])).toThrow(/--latency-ms/);
    expect(() => parseCliArgs(['--seed', '1.5'])).toThrow(/--seed: must be a whole number/);
    expect(() => parseCliArgs(['--bogus'])).toThrow(InvalidParameterError);
    expect(() => parseCliArgs(['--bogus'])).toThrow(/--bogus/);
  });
});

describe('neural-fake-platform', () => {
  it('prints its URL and API key, serves, and closes cleanly on SIGTERM', async () => {
    let out = '';
    let signal: ((name: string) => void) | undefined;
    const exit = runCli(['--port', '0', '--api-key', 'cli-test-key-1'], {
      stdout: (text) => {
        out += text;
      },
      stderr: (text) => {
        out += text;
      },
      onSignal: (handler) => {
        signal = handler;
      },
    });
    await until(() => signal !== undefined);
    const url = /Fake platform listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out)?.[1];
    expect(url).toBeDefined();
    // A key the caller chose is never echoed: it would land in logs.
    expect(out).toContain('API key: the one given with --api-key');
    expect(out).not.toContain('cli-test-key-1');
    const res = await fetch(`${url}/v1/auth/token`, {
      method: 'POST',
      body: JSON.stringify({ apiKey: 'cli-test-key-1' }),
    });
    expect(res.status).toBe(200);
    signal?.('SIGTERM');
    expect(await exit).toBe(0);
    await expect(fetch(`${url}/v1/usage`)).rejects.toThrow(TypeError);
  });

  it('exits with code 2 and the usage on bad arguments', async () => {
    let err = '';
    const code = await runCli(['--port', '99999'], {
      stdout: () => {},
      stderr: (text) => {
        err += text;
      },
      onSignal: () => {},
    });
    expect(code).toBe(2);
    expect(err).toContain('--port');
    expect(err).toContain('Usage: neural-fake-platform');
  });
});

describe('neural-fake-platform never echoes a refused argument', () => {
  const secretKey = fc.string({
    unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.'),
    minLength: 41,
    maxLength: 200,
  });
  const pieces = (secret: string) =>
    Array.from({ length: secret.length - 11 }, (_, i) => secret.slice(i, i + 12));

  it('a key typed without --api-key, as a flag, or as a bad value does not reach stderr', async () => {
    await fc.assert(
      fc.asyncProperty(
        secretKey,
        fc.constantFrom(
          (key: string) => [key],
          (key: string) => ['--port', '0', key],
          (key: string) => [`--${key}`],
          (key: string) => [`--port=${key}`],
          (key: string) => ['--fault-rate', key],
          (key: string) => ['--host', '127.0.0.1', key, key],
        ),
        async (secret, argv) => {
          let err = '';
          let out = '';
          const code = await runCli(argv(secret), {
            stdout: (text) => {
              out += text;
            },
            stderr: (text) => {
              err += text;
            },
            onSignal: () => {},
          });
          expect(code).toBe(2);
          for (const piece of pieces(secret)) {
            expect(err).not.toContain(piece);
            expect(out).not.toContain(piece);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
