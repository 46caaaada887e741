import { describe, expect, it } from 'vitest';
import {
  CloudConnectionError,
  InvalidParameterError,
  type LogFields,
  type Logger,
  logRetries,
  type RetryEvent,
} from '../src/index.js';

function recordingLogger() {
  const lines: Array<{ level: string; message: string; fields: LogFields | undefined }> = [];
  const at =
    (level: string) =>
    (message: string, fields?: LogFields): void => {
      lines.push({ level, message, fields });
    };
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines };
}

describe('logRetries', () => {
  it('logs each retry at debug level with the caller fields, the attempt, the wait and the error message', () => {
    const { logger, lines } = recordingLogger();
    logRetries(logger, 'retrying a call', { operation: 'submitJob' })({
      attempt: 2,
      delayMs: 400,
      error: new CloudConnectionError('connection reset'),
    });
    expect(lines).toEqual([
      {
        level: 'debug',
        message: 'retrying a call',
        fields: { operation: 'submitJob', attempt: 2, delayMs: 400, error: 'connection reset' },
      },
    ]);
  });

  it('logs a thrown non-Error as its string, never the object', () => {
    const { logger, lines } = recordingLogger();
    logRetries(logger, 'retrying')({ attempt: 1, delayMs: 0, error: { token: 'secret' } });
    expect(lines[0]?.fields).toEqual({ attempt: 1, delayMs: 0, error: '[object Object]' });
  });

  it('logs at the level its options ask for, and only there', () => {
    const { logger, lines } = recordingLogger();
    logRetries(logger, 'resending a submit', {}, undefined, { level: 'warn' })({
      attempt: 1,
      delayMs: 5,
      error: new Error('answer lost'),
    });
    expect(lines.map((line) => line.level)).toEqual(['warn']);
  });

  it('refuses an unknown level or option when the hook is made, naming the field', () => {
    const { logger } = recordingLogger();
    const badLevel = () => logRetries(logger, 'x', {}, undefined, { level: 'warning' as 'warn' });
    expect(badLevel).toThrow(InvalidParameterError);
    expect(badLevel).toThrow(/level:/);
    const unknown = () => logRetries(logger, 'x', {}, undefined, { levle: 'warn' } as never);
    expect(unknown).toThrow(/levle: is not a known option; did you mean "level"\?/);
  });

  it("passes each event on to the caller's own onRetry", () => {
    const { logger } = recordingLogger();
    const seen: RetryEvent[] = [];
    const event = { attempt: 1, delayMs: 10, error: new Error('x') };
    logRetries(logger, 'retrying', {}, (e) => seen.push(e))(event);
    expect(seen).toEqual([event]);
  });
});
