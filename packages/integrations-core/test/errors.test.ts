import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  CloudConnectionError,
  CloudException,
  CloudExecutionError,
  InvalidParameterError,
  isAbortError,
  JobNotFoundError,
  JobTimeoutError,
  NotSupportedError,
  OperationAbortedError,
  RateLimitError,
  raceAbort,
  throwIfAborted,
} from '../src/index.js';

const cause = new Error('socket hang up');

/** Each class of the family, built with a cause, and what it must say about itself. */
const family = [
  {
    make: () => new CloudException('x', { cause }),
    cls: CloudException,
    code: 'CLOUD_ERROR',
    retryable: false,
  },
  {
    make: () => new CloudConnectionError('x', { cause }),
    cls: CloudConnectionError,
    code: 'CONNECTION_FAILED',
    retryable: true,
  },
  {
    make: () => new CloudExecutionError('x', { cause }),
    cls: CloudExecutionError,
    code: 'EXECUTION_FAILED',
    retryable: false,
  },
  {
    make: () => new InvalidParameterError('x', { cause }),
    cls: InvalidParameterError,
    code: 'INVALID_PARAMETER',
    retryable: false,
  },
  {
    make: () => new AuthenticationError('x', { cause }),
    cls: AuthenticationError,
    code: 'AUTHENTICATION_FAILED',
    retryable: false,
  },
  {
    make: () => new JobNotFoundError('job-9', { cause }),
    cls: JobNotFoundError,
    code: 'JOB_NOT_FOUND',
    retryable: false,
  },
  {
    make: () => new RateLimitError('x', { cause }),
    cls: RateLimitError,
    code: 'RATE_LIMITED',
    retryable: true,
  },
  {
    make: () => new NotSupportedError('deployModel', { cause }),
    cls: NotSupportedError,
    code: 'NOT_SUPPORTED',
    retryable: false,
  },
  {
    make: () => new JobTimeoutError('job-9', 1000, { cause }),
    cls: JobTimeoutError,
    code: 'JOB_TIMEOUT',
    retryable: false,
  },
  {
    make: () => new OperationAbortedError(undefined, { cause }),
    cls: OperationAbortedError,
    code: 'ABORTED',
    retryable: false,
  },
] as const;

describe('the error family', () => {
  for (const { make, cls, code, retryable } of family) {
    describe(cls.name, () => {
      it(`has code ${code}, is ${retryable ? '' : 'not '}retryable by default, and keeps its cause`, () => {
        const error = make();
        expect(error.code).toBe(code);
        expect(error.retryable).toBe(retryable);
        expect(error.cause).toBe(cause);
        expect(error.name).toBe(cls.name);
        expect(error).toBeInstanceOf(Error);
        expect(error).toBeInstanceOf(CloudException);
      });

      it('is recognised by its own isInstance and by CloudException.isInstance, not by its siblings', () => {
        const error = make();
        expect(cls.isInstance(error)).toBe(true);
        expect(CloudException.isInstance(error)).toBe(true);
        for (const other of family) {
          if (other.cls !== cls && other.cls !== CloudException)
            expect(other.cls.isInstance(error)).toBe(false);
        }
      });
    });
  }

  it('isInstance refuses look-alikes that are not of the family', () => {
    for (const value of [new Error('x'), { code: 'JOB_NOT_FOUND' }, null, undefined, 'error', 42]) {
      expect(CloudException.isInstance(value)).toBe(false);
      expect(JobNotFoundError.isInstance(value)).toBe(false);
    }
  });

  it('lets the caller override code and retryability where it makes sense', () => {
    expect(new CloudConnectionError('x', { retryable: false }).retryable).toBe(false);
    expect(new CloudExecutionError('x', { code: 'QUOTA', retryable: true })).toMatchObject({
      code: 'QUOTA',
      retryable: true,
    });
  });

  it('never lets a bad request, refused credentials or a missing job claim to be retryable', () => {
    expect(new InvalidParameterError('x', { retryable: true }).retryable).toBe(false);
    expect(new AuthenticationError('x', { retryable: true }).retryable).toBe(false);
    expect(new JobNotFoundError('j', { retryable: true }).retryable).toBe(false);
  });

  it('serialises to a plain description without the cause', () => {
    const json = JSON.parse(
      JSON.stringify(new CloudConnectionError('down', { cause: new Error('secret-ish') })),
    );
    expect(json).toEqual({
      name: 'CloudConnectionError',
      code: 'CONNECTION_FAILED',
      message: 'down',
      retryable: true,
    });
  });

  it('InvalidParameterError.fromIssues lists every field and rule in the message', () => {
    const error = InvalidParameterError.fromIssues('thing', [
      { field: 'a', rule: 'must be a' },
      { field: 'b.c', rule: 'must be c' },
    ]);
    expect(error.message).toBe('Invalid thing:\n  - a: must be a\n  - b.c: must be c');
    expect(error.issues).toHaveLength(2);
  });

  it('InvalidParameterError.forField refuses one field for one rule, as fromIssues words one issue', () => {
    const error = InvalidParameterError.forField('remotePath', 'must not contain ".." segments');
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect(error.code).toBe('INVALID_PARAMETER');
    expect(error.retryable).toBe(false);
    expect(error.issues).toEqual([{ field: 'remotePath', rule: 'must not contain ".." segments' }]);
    expect(error.message).toBe(
      InvalidParameterError.fromIssues('remotePath', [
        { field: 'remotePath', rule: 'must not contain ".." segments' },
      ]).message,
    );
    expect(error.message).toBe('Invalid remotePath:\n  - remotePath: must not contain ".." segments');
    const inLargerSubject = InvalidParameterError.forField('--limit', 'must be a whole number', {
      subject: 'command line',
    });
    expect(inLargerSubject.message).toBe('Invalid command line:\n  - --limit: must be a whole number');
  });

  it('JobNotFoundError, NotSupportedError and JobTimeoutError carry what they are about', () => {
    expect(new JobNotFoundError('job-7')).toMatchObject({ jobId: 'job-7', message: 'Job not found: job-7' });
    expect(new NotSupportedError('uploadFile', { connector: 'Mine' }).message).toBe(
      'Mine does not support uploadFile()',
    );
    const timeout = new JobTimeoutError('job-7', 500, { lastStatus: 'running', cancelled: true });
    expect(timeout).toMatchObject({ jobId: 'job-7', lastStatus: 'running', cancelled: true });
    expect(timeout.message).toMatch(/500 ms.*running.*cancelled/);
  });

  it('RateLimitError keeps a sane retryAfterMs and drops a nonsensical one', () => {
    expect(new RateLimitError('slow down', { retryAfterMs: 1500 }).retryAfterMs).toBe(1500);
    expect(new RateLimitError('slow down', { retryAfterMs: -1 }).retryAfterMs).toBeUndefined();
    expect(new RateLimitError('slow down', { retryAfterMs: Number.NaN }).retryAfterMs).toBeUndefined();
  });
});

describe('abort helpers', () => {
  it('throwIfAborted throws OperationAbortedError with the reason as cause', () => {
    const controller = new AbortController();
    expect(() => throwIfAborted(controller.signal)).not.toThrow();
    controller.abort('stop');
    const error = (() => {
      try {
        throwIfAborted(controller.signal);
      } catch (caught) {
        return caught;
      }
    })();
    expect(OperationAbortedError.isInstance(error)).toBe(true);
    expect((error as Error).cause).toBe('stop');
  });

  it('isAbortError knows ours and the platform’s aborts', () => {
    expect(isAbortError(new OperationAbortedError())).toBe(true);
    expect(isAbortError(new DOMException('x', 'AbortError'))).toBe(true);
    expect(isAbortError(new DOMException('x', 'TimeoutError'))).toBe(true);
    expect(isAbortError(new Error('x'))).toBe(false);
  });

  it('raceAbort rejects at once when the signal aborts, even if the work never settles', async () => {
    const controller = new AbortController();
    const never = new Promise<string>(() => {});
    const raced = raceAbort(never, controller.signal);
    controller.abort();
    await expect(raced).rejects.toSatisfy(OperationAbortedError.isInstance);
    await expect(raceAbort(Promise.resolve(1), new AbortController().signal)).resolves.toBe(1);
  });
});

describe('structured context', () => {
  it('carries status, operation and jobId when known, and shows them in toJSON', () => {
    const error = new CloudConnectionError('the platform answered 503', {
      code: 'SERVER_ERROR',
      status: 503,
      operation: 'getJobStatus',
      jobId: 'job-7',
    });
    expect(error).toMatchObject({ status: 503, operation: 'getJobStatus', jobId: 'job-7' });
    expect(error.toJSON()).toEqual({
      name: 'CloudConnectionError',
      code: 'SERVER_ERROR',
      message: 'the platform answered 503',
      retryable: true,
      status: 503,
      operation: 'getJobStatus',
      jobId: 'job-7',
    });
  });

  it('leaves unknown context out of toJSON rather than writing undefined', () => {
    expect(Object.keys(new CloudExecutionError('x').toJSON())).toEqual([
      'name',
      'code',
      'message',
      'retryable',
    ]);
  });

  it('gives the job id of JobNotFoundError and JobTimeoutError as context too', () => {
    expect(new JobNotFoundError('job-1').toJSON()).toMatchObject({ jobId: 'job-1', code: 'JOB_NOT_FOUND' });
    expect(new JobTimeoutError('job-2', 10, { operation: 'waitForCompletion' }).toJSON()).toMatchObject({
      jobId: 'job-2',
      operation: 'waitForCompletion',
    });
    expect(new NotSupportedError('deployModel').operation).toBe('deployModel');
  });
});
