import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  assertJobId,
  BaseConnector,
  type CallOptions,
  type Connector,
  type ConnectorOptions,
  consoleLogger,
  fromPino,
  getCapabilities,
  InvalidParameterError,
  JobResult,
  type JobSummary,
  type LogFields,
  type Logger,
  NotSupportedError,
  OPTIONAL_METHODS,
  parseSubmitJobRequest,
  REDACTED,
  Redactor,
  redactCredentials,
  redactingLogger,
  type SubmitJobRequest,
  silentLogger,
} from '../src/index.js';
import { NO_CAPABILITIES } from './support.js';

const SECRET = 'sk-live-7f3a9c2e';

interface Credentials {
  apiKey: string;
  endpoint: string;
}

/** The seed's MyPlatformConnector, minimal: the seven required methods and nothing optional. */
class MinimalConnector extends BaseConnector<Credentials> {
  constructor(credentials: Credentials, options: ConnectorOptions = {}) {
    super(credentials, {
      ...options,
      credentialsSchema: z.strictObject({ apiKey: z.string().min(8), endpoint: z.url() }),
    });
  }
  async authenticate(): Promise<boolean> {
    this.logger.info('authenticating', {
      apiKey: this.credentials.apiKey,
      endpoint: this.credentials.endpoint,
    });
    this.logger.debug(`using key ${this.credentials.apiKey}`);
    this.authenticated = true;
    return true;
  }
  async submitJob(request: SubmitJobRequest): Promise<string> {
    parseSubmitJobRequest(request);
    return 'job-1';
  }
  async getJobStatus(): Promise<'running'> {
    return 'running';
  }
  async getJobResult(jobId: string): Promise<JobResult> {
    return new JobResult({ jobId, status: 'running' });
  }
  async cancelJob(): Promise<boolean> {
    return true;
  }
  async listJobs(): Promise<JobSummary[]> {
    return [];
  }
  async getLogs(): Promise<string> {
    return '';
  }
}

/** One that overrides two optional methods and declares idempotent submits. */
class RicherConnector extends MinimalConnector {
  protected override declaredCapabilities = { idempotency: true };
  override async uploadFile(_local: string, _remote: string, _options?: CallOptions): Promise<boolean> {
    return true;
  }
  override async getResourceUsage(): Promise<Record<string, number>> {
    return { totalGpus: 8 };
  }
}

const credentials = { apiKey: SECRET, endpoint: 'https://api.example.com' };

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const write = (level: string) => (message: string, fields?: LogFields) =>
    lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  return { lines, debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

describe('BaseConnector', () => {
  it('makes every optional method throw NotSupportedError unless overridden', async () => {
    const connector = new MinimalConnector(credentials);
    const calls = {
      deployModel: () => connector.deployModel('m', 'e'),
      deleteEndpoint: () => connector.deleteEndpoint('e'),
      uploadFile: () => connector.uploadFile('a', 'b'),
      downloadFile: () => connector.downloadFile('a', 'b'),
      getResourceUsage: () => connector.getResourceUsage(),
      followLogs: async () => {
        for await (const _ of connector.followLogs('job-1')) {
          // never reached
        }
      },
      waitForStatusChange: () => connector.waitForStatusChange('job-1', { since: 'running', timeoutMs: 1 }),
    };
    expect(Object.keys(calls).sort()).toEqual([...OPTIONAL_METHODS].sort());
    for (const [method, call] of Object.entries(calls)) {
      const error = await call().then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(NotSupportedError.isInstance(error)).toBe(true);
      expect((error as NotSupportedError).method).toBe(method);
      expect((error as Error).message).toContain('MinimalConnector');
    }
  });

  it('derives capabilities from the methods a subclass overrides', () => {
    expect(new MinimalConnector(credentials).capabilities).toEqual(NO_CAPABILITIES);
    expect(new RicherConnector(credentials).capabilities).toEqual({
      ...NO_CAPABILITIES,
      uploadFile: true,
      getResourceUsage: true,
      idempotency: true,
    });
  });

  it('validates credentials with its schema, naming the fields but never echoing their values', () => {
    let error: unknown;
    try {
      new MinimalConnector({ apiKey: 'short', endpoint: `not a url ${SECRET}` });
    } catch (caught) {
      error = caught;
    }
    expect(InvalidParameterError.isInstance(error)).toBe(true);
    const issues = (error as InvalidParameterError).issues.map((issue) => issue.field).sort();
    expect(issues).toEqual(['apiKey', 'endpoint']);
    expect((error as Error).message).not.toContain('short');
    expect((error as Error).message).not.toContain(SECRET);
    expect(new MinimalConnector(credentials).validateCredentials()).toBe(true);
  });

  it('never shows its secret in JSON.stringify, util.inspect or console output', () => {
    const connector = new MinimalConnector(credentials);
    const json = JSON.stringify(connector);
    expect(json).not.toContain(SECRET);
    expect(JSON.parse(json)).toMatchObject({
      connector: 'MinimalConnector',
      credentials: { apiKey: REDACTED, endpoint: 'https://api.example.com' },
    });
    for (const shown of [
      inspect(connector),
      inspect(connector, { showHidden: true, depth: 10 }),
      inspect({ wrapped: connector }),
      JSON.stringify({ ...connector }),
    ]) {
      expect(shown).not.toContain(SECRET);
    }
  });

  it('logs through the given logger with secrets redacted, in messages and fields', async () => {
    const logger = recordingLogger();
    await new MinimalConnector(credentials, { logger }).authenticate();
    expect(logger.lines.length).toBe(2);
    for (const line of logger.lines) expect(line).not.toContain(SECRET);
    expect(logger.lines.join('\n')).toContain(REDACTED);
  });

  it('is silent by default', async () => {
    await expect(new MinimalConnector(credentials).authenticate()).resolves.toBe(true);
  });
});

describe('the Connector interface', () => {
  it('lets a plain object without BaseConnector work with getCapabilities', () => {
    const plain: Omit<Connector, 'capabilities'> & { uploadFile(): Promise<boolean> } = {
      authenticate: async () => true,
      submitJob: async () => 'j',
      getJobStatus: async () => 'pending',
      getJobResult: async (jobId) => new JobResult({ jobId, status: 'pending' }),
      cancelJob: async () => false,
      listJobs: async () => [],
      getLogs: async () => '',
      uploadFile: async () => true,
    };
    expect(getCapabilities(plain)).toEqual({ ...NO_CAPABILITIES, uploadFile: true });
    expect(
      getCapabilities({ ...plain, capabilities: { ...NO_CAPABILITIES, idempotency: true } }).idempotency,
    ).toBe(true);
  });

  it('assertJobId refuses empty, blank, over-long and non-string ids', () => {
    expect(() => assertJobId('job-1')).not.toThrow();
    for (const bad of ['', '   ', 'x'.repeat(257), 42, null])
      expect(() => assertJobId(bad)).toThrow(InvalidParameterError);
  });
});

describe('redaction', () => {
  it('Redactor scrubs registered secrets, their URL-encoded form, and never shows them itself', () => {
    const redactor = new Redactor(['p@ss/word!']);
    expect(redactor.redactText('a=p@ss/word! b=p%40ss%2Fword!')).toBe(`a=${REDACTED} b=${REDACTED}`);
    expect(redactor.contains('x p@ss/word! y')).toBe(true);
    expect(JSON.stringify(redactor)).not.toContain('p@ss');
    expect(inspect(redactor)).not.toContain('p@ss');
  });

  it('redactValue replaces secret-named fields, scrubs strings, summarises errors and cuts cycles', () => {
    const redactor = new Redactor().addCredentials({ nested: { token: 'tok-12345' } });
    const value: Record<string, unknown> = {
      password: 'hunter22',
      note: 'sent tok-12345',
      error: new Error('bad tok-12345'),
    };
    value.self = value;
    expect(redactor.redactValue(value)).toEqual({
      password: REDACTED,
      note: `sent ${REDACTED}`,
      error: { name: 'Error', message: `bad ${REDACTED}` },
      self: '[Circular]',
    });
  });

  it('redactError scrubs an error and its cause in place, keeping the class', () => {
    const redactor = new Redactor(['tok-12345']);
    const error = new InvalidParameterError('bad tok-12345', { cause: new Error('tok-12345 again') });
    expect(redactor.redactError(error)).toBe(error);
    expect(error.message).not.toContain('tok-12345');
    expect((error.cause as Error).message).not.toContain('tok-12345');
  });

  it('redactCredentials gives a printable copy', () => {
    expect(redactCredentials({ apiKey: 'sk-1', endpoint: 'https://x' })).toEqual({
      apiKey: REDACTED,
      endpoint: 'https://x',
    });
  });
});

describe('loggers', () => {
  it('consoleLogger writes from its level up, with fields as JSON, and never throws on odd fields', () => {
    const written: string[] = [];
    const sink = {
      debug: (line: string) => written.push(`debug ${line}`),
      info: (line: string) => written.push(`info ${line}`),
      warn: (line: string) => written.push(`warn ${line}`),
      error: (line: string) => written.push(`error ${line}`),
    };
    const logger = consoleLogger({ level: 'info', console: sink });
    logger.debug('hidden');
    logger.info('shown', { a: 1 });
    const cyclic: Record<string, unknown> = { big: 1n };
    cyclic.self = cyclic;
    logger.warn('odd', cyclic);
    expect(written[0]).toBe('info shown {"a":1}');
    expect(written[1]).toMatch(/^warn odd /);
    expect(written).toHaveLength(2);
  });

  it('fromPino adapts (fields, message) loggers; silentLogger drops everything', () => {
    const seen: unknown[] = [];
    const pino = {
      debug: (f: object, m: string) => seen.push(['debug', f, m]),
      info: (f: object, m: string) => seen.push(['info', f, m]),
      warn: (f: object, m: string) => seen.push(['warn', f, m]),
      error: (f: object, m: string) => seen.push(['error', f, m]),
    };
    fromPino(pino).error('boom', { id: 1 });
    expect(seen).toEqual([['error', { id: 1 }, 'boom']]);
    expect(() => silentLogger.error('nothing')).not.toThrow();
  });

  it('redactingLogger scrubs before the wrapped logger sees anything', () => {
    const inner = recordingLogger();
    redactingLogger(inner, new Redactor(['tok-12345'])).warn('retry with tok-12345', {
      header: 'Bearer tok-12345',
    });
    expect(inner.lines[0]).not.toContain('tok-12345');
  });
});

describe('errors leaving a BaseConnector', () => {
  class LeakyConnector extends MinimalConnector {
    override async getJobStatus(): Promise<'running'> {
      throw new Error(`GET https://api.example.com/jobs?key=${this.credentials.apiKey} failed`, {
        cause: new Error(`header Authorization: Bearer ${this.credentials.apiKey}`),
      });
    }
    override async *followLogs(_jobId: string): AsyncIterable<string> {
      yield 'line 1';
      throw new Error(`stream with ${this.credentials.apiKey} broke`);
    }
    override downloadFile = async (): Promise<boolean> => {
      throw new Error(`download with ${this.credentials.apiKey} refused`);
    };
  }

  it('have the connector’s secrets scrubbed from message, stack and cause, whatever the method', async () => {
    const connector = new LeakyConnector(credentials);
    const error = (await connector.getJobStatus().catch((caught: unknown) => caught)) as Error;
    for (const text of [error.message, error.stack ?? '', (error.cause as Error).message, inspect(error)]) {
      expect(text).not.toContain(SECRET);
    }
    expect(error.message).toContain(REDACTED);

    const lines: string[] = [];
    const streamError = await (async () => {
      for await (const line of connector.followLogs('job-1')) lines.push(line);
    })().catch((caught: unknown) => caught);
    expect(lines).toEqual(['line 1']);
    expect((streamError as Error).message).not.toContain(SECRET);
  });

  it('keep their capabilities derived from the real overrides, class fields included', () => {
    const connector = new LeakyConnector(credentials);
    expect(connector.capabilities).toMatchObject({ followLogs: true, downloadFile: true, uploadFile: false });
    expect(Object.keys(connector)).not.toContain('getJobStatus');
  });
});
