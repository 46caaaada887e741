import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  BaseConnector,
  type ConnectorOptions,
  InvalidParameterError,
  JobResult,
  type JobSummary,
  parseListJobsOptions,
  parseOrThrow,
  parseSubmitJobRequest,
  ResourceConfig,
  type SubmitJobRequest,
} from '../src/index.js';

/** A key as platforms issue them: 41 to 200 characters of letters, digits and `-_.`. */
const secretKey = fc.string({
  unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.'),
  minLength: 41,
  maxLength: 200,
});

/** Every 12-character piece of `secret`: none of them may show anywhere. */
function pieces(secret: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 12 <= secret.length; i++) out.push(secret.slice(i, i + 12));
  return out;
}

/** Every way an error is looked at: message, stack, issues, util.inspect, JSON.stringify. */
function renderings(error: unknown): string[] {
  const e = error as InvalidParameterError;
  return [
    e.message,
    e.stack ?? '',
    JSON.stringify(e.issues ?? []),
    inspect(e, { depth: 10 }),
    JSON.stringify(e),
  ];
}

function expectNoPieceOf(secret: string, error: unknown): void {
  expect(InvalidParameterError.isInstance(error)).toBe(true);
  for (const text of renderings(error)) {
    for (const piece of pieces(secret)) expect(text).not.toContain(piece);
  }
}

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

/** A connector whose constructor validates its options, as the reference connectors do. */
class OptionsConnector extends BaseConnector<{ apiKey: string }> {
  constructor(credentials: { apiKey: string }, options: ConnectorOptions & { timeoutMs?: unknown } = {}) {
    const { timeoutMs, ...rest } = options;
    super(credentials, rest);
    parseOrThrow(z.strictObject({ timeoutMs: z.number().positive().optional() }), { timeoutMs }, 'options');
  }
  async authenticate() {
    return true;
  }
  async submitJob(request: SubmitJobRequest) {
    parseSubmitJobRequest(request);
    return 'job-1';
  }
  async getJobStatus() {
    return 'running' as const;
  }
  async getJobResult(jobId: string) {
    return new JobResult({ jobId, status: 'running' });
  }
  async cancelJob() {
    return true;
  }
  async listJobs(options = {}): Promise<JobSummary[]> {
    parseListJobsOptions(options);
    return [];
  }
  async getLogs() {
    return '';
  }
}

describe('a secret passed where it does not belong never shows in the refusal', () => {
  it('as jobName', () => {
    fc.assert(
      fc.property(secretKey, (secret) => {
        expectNoPieceOf(
          secret,
          thrownBy(() => parseSubmitJobRequest({ code: 'x', jobName: `${secret}!` })),
        );
      }),
    );
  });

  it('as a resourceConfig field', () => {
    fc.assert(
      fc.property(
        secretKey,
        fc.constantFrom('memoryGb', 'gpuEnabled', 'cpuCount', 'instanceType'),
        (secret, field) => {
          // instanceType takes strings up to 128 characters; the longer keys are refused by length.
          const value = field === 'instanceType' ? secret.repeat(4) : secret;
          expectNoPieceOf(
            secret,
            thrownBy(() => new ResourceConfig({ [field]: value } as never)),
          );
          expectNoPieceOf(
            secret,
            thrownBy(() => parseSubmitJobRequest({ code: 'x', resourceConfig: { [field]: value } as never })),
          );
        },
      ),
    );
  });

  it("as listJobs' limit, through a connector", async () => {
    await fc.assert(
      fc.asyncProperty(secretKey, async (secret) => {
        const connector = new OptionsConnector({ apiKey: 'a-registered-key-0123456789' });
        const error = await connector.listJobs({ limit: secret as never }).catch((caught: unknown) => caught);
        expectNoPieceOf(secret, error);
      }),
    );
  });

  it('as a constructor option', () => {
    fc.assert(
      fc.property(secretKey, (secret) => {
        expectNoPieceOf(
          secret,
          thrownBy(() => new OptionsConnector({ apiKey: 'k'.repeat(20) }, { timeoutMs: secret })),
        );
      }),
    );
  });

  it('still quotes a short value, so the message stays useful', () => {
    const error = thrownBy(() =>
      parseSubmitJobRequest({ code: 'x', jobName: 'bad name' }),
    ) as InvalidParameterError;
    expect(error.message).toContain('"bad name"');
    const long = thrownBy(() =>
      parseListJobsOptions({ limit: 'x'.repeat(50) as never }),
    ) as InvalidParameterError;
    expect(long.message).toContain('a string of 50 characters');
  });

  it('never describes a value refused under a secret-looking name, however short', () => {
    const schema = z.object({
      apiKey: z.string().min(8, 'must be at least 8 characters'),
      token: z.string(),
    });
    const error = thrownBy(() =>
      parseOrThrow(schema, { apiKey: 'sk-live', token: 42 }, 'platform options'),
    ) as InvalidParameterError;
    expect(error.message).toContain('apiKey: must be at least 8 characters');
    expect(error.message).not.toContain('sk-live');
    expect(error.message).not.toContain('42');
  });
});
