import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BaseConnector,
  type CallOptions,
  JobResult,
  type JobSummary,
  REDACTED,
  Redactor,
  type SubmitJobRequest,
} from '../src/index.js';

const secretKey = fc.string({
  unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.'),
  minLength: 41,
  maxLength: 200,
});

function pieces(secret: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 12 <= secret.length; i++) out.push(secret.slice(i, i + 12));
  return out;
}

function expectNoPieceIn(secret: string, text: string): void {
  for (const piece of pieces(secret)) expect(text).not.toContain(piece);
}

/** The forms a secret takes in the text around it: itself, a piece of it, URL-, base64- and base64url-encoded. */
const leakForms = (secret: string, start: number, length: number) => {
  const piece = secret.slice(start, start + length);
  return [
    secret,
    piece,
    encodeURIComponent(`${secret}/?&=`),
    Buffer.from(secret).toString('base64'),
    Buffer.from(`user:${secret}`).toString('base64'),
    Buffer.from(`xy${secret}`).toString('base64url'),
  ];
};

describe('Redactor', () => {
  it('scrubs a registered secret whole, any 12-character piece of it, and its encoded forms', () => {
    fc.assert(
      fc.property(secretKey, fc.nat(), fc.integer({ min: 12, max: 40 }), (secret, at, length) => {
        const redactor = new Redactor([secret]);
        const start = at % (secret.length - length);
        for (const form of leakForms(secret, start, length)) {
          const text = `before ${form} after`;
          expect(redactor.contains(text)).toBe(true);
          const scrubbed = redactor.redactText(text);
          expect(scrubbed).toContain(REDACTED);
          expectNoPieceIn(secret, scrubbed);
          expectNoPieceIn(Buffer.from(secret).toString('base64'), scrubbed);
          expect(scrubbed.startsWith('before ')).toBe(true);
        }
      }),
    );
  });

  it('leaves text that shares fewer than 12 characters with a secret alone', () => {
    const redactor = new Redactor(['abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH']);
    expect(redactor.redactText('abcdefghijk is eleven')).toBe('abcdefghijk is eleven');
  });
});

class Base extends BaseConnector<{ apiKey: string }> {
  async authenticate() {
    return true;
  }
  async submitJob(_request: SubmitJobRequest) {
    return 'job-1';
  }
  async getJobStatus(_jobId: string): Promise<'running'> {
    return 'running';
  }
  async getJobResult(jobId: string) {
    return new JobResult({ jobId, status: 'running' });
  }
  async cancelJob(_jobId: string) {
    return true;
  }
  async listJobs(): Promise<JobSummary[]> {
    return [];
  }
  async getLogs(_jobId: string) {
    return '';
  }
}

/** Every way a connector author may define a method, each throwing an error whose causes quote the key. */
class Middle extends Base {
  leak(kind: string): never {
    const key = this.credentials.apiKey;
    const error = new Error(`${kind} failed with ${key}`, {
      cause: {
        request: { url: `https://x.test/?key=${encodeURIComponent(key)}` },
        nested: [new Error(`inner ${key}`), `header ${Buffer.from(`u:${key}`).toString('base64')}`],
      },
    });
    (error as Error & { note?: unknown }).note = { text: `note ${key.slice(3, 30)}` };
    throw error;
  }
  // A class field arrow function: assigned after BaseConnector's constructor has run.
  override downloadFile = async (_remote: string, _local: string, _options?: CallOptions): Promise<boolean> =>
    this.leak('downloadFile');
  // A class field holding a plain function.
  override uploadFile = async function (this: Middle, _local: string, _remote: string): Promise<boolean> {
    return this.leak('uploadFile');
  };
}

class Leaf extends Middle {
  // A prototype method two levels below BaseConnector.
  override async getJobStatus(_jobId: string): Promise<'running'> {
    return this.leak('getJobStatus');
  }
  // A class field on the subclass of a subclass, throwing a string and an AggregateError.
  override getLogs = async (_jobId: string): Promise<string> => {
    throw new AggregateError(
      [new Error(`first ${this.credentials.apiKey}`), `second ${this.credentials.apiKey}`],
      'several',
      { cause: `a string cause ${this.credentials.apiKey}` },
    );
  };
  override cancelJob = async (_jobId: string): Promise<boolean> => {
    throw `a thrown string ${this.credentials.apiKey}`;
  };
}

describe('every contract method of a BaseConnector scrubs what it throws, however it was defined', () => {
  it('prototype methods, class fields and arrow functions, at any depth of subclassing, causes of every shape', async () => {
    await fc.assert(
      fc.asyncProperty(secretKey, async (secret) => {
        const connector = new Leaf({ apiKey: secret });
        const calls: (() => Promise<unknown>)[] = [
          () => connector.getJobStatus('job-1'),
          () => connector.downloadFile('a', 'b'),
          () => connector.uploadFile('a', 'b'),
          () => connector.getLogs('job-1'),
          () => connector.cancelJob('job-1'),
        ];
        for (const call of calls) {
          const error = await call().then(
            () => {
              throw new Error('expected a rejection');
            },
            (caught: unknown) => caught,
          );
          const texts = [
            typeof error === 'string' ? error : '',
            inspect(error, { depth: 20 }),
            JSON.stringify(error) ?? '',
            error instanceof Error ? `${error.message}\n${error.stack}` : '',
          ];
          for (const text of texts) expectNoPieceIn(secret, text);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('reports the class-field methods in capabilities, and runs them', async () => {
    const connector = new Leaf({ apiKey: 'a'.repeat(50) });
    expect(connector.capabilities).toMatchObject({
      downloadFile: true,
      uploadFile: true,
      deployModel: false,
    });
    await expect(connector.downloadFile('a', 'b')).rejects.toThrow(/downloadFile failed with \[REDACTED\]/);
  });

  it('wraps a method assigned to the instance later', async () => {
    const secret = 'b'.repeat(20) + 'c'.repeat(30);
    const connector = new Leaf({ apiKey: secret });
    connector.getResourceUsage = async () => {
      throw new Error(`usage ${secret}`);
    };
    const error = (await connector.getResourceUsage().catch((caught: unknown) => caught)) as Error;
    expectNoPieceIn(secret, inspect(error));
    expect(connector.capabilities.getResourceUsage).toBe(true);
  });
});
