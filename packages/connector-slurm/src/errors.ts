/**
 * Slurm's error table: slurmrestd answers nearly every failure with HTTP 500 and a list of Slurm error
 * numbers, so the number, not the status, decides the error. The transport reads the list (through the API
 * version's adapter) and this table maps it; what no row claims gets core's defaults (`DEFAULT_ERROR_RULES`).
 */
import {
  AuthenticationError,
  CloudConnectionError,
  CloudExecutionError,
  InvalidParameterError,
  JobNotFoundError,
} from '@neural/integrations-core';
import type { FailedResponse, ResponseErrorTable } from '@neural/integrations-core/http';
import { z } from 'zod';
import type { SlurmApiAdapter, SlurmApiError } from './api/adapter.js';

/** Slurm error numbers the connector treats specially (from Slurm's `slurm_errno.h`). */
export const SlurmErrno = Object.freeze({
  /** slurmrestd's catch-all. Seen for a bad or expired token, and also when slurmctld is unreachable. */
  UNSPECIFIED: -1,
  /** `ESLURM_ACCESS_DENIED`: the user may not do this (another user's job). */
  ACCESS_DENIED: 2002,
  /** `ESLURM_INVALID_JOB_ID`: no such job (or it aged out of the controller). */
  INVALID_JOB_ID: 2017,
  /** `ESLURM_ALREADY_DONE`: the job already finished. */
  ALREADY_DONE: 2021,
});

type SlurmFailure = FailedResponse<readonly SlurmApiError[]>;

function describe(entry: SlurmApiError): string {
  const parts = [entry.error, entry.description].filter((part) => part.length > 0);
  const unique = parts.filter((part, index) => parts.indexOf(part) === index);
  return `Slurm error ${entry.number ?? '?'}${unique.length > 0 ? ` (${unique.join(': ')})` : ''}`;
}

/** The entry that decides: the first with a non-zero number (slurmrestd pads lists with zeros). */
function decisive(failure: SlurmFailure): SlurmApiError | undefined {
  const errors = failure.payload ?? [];
  return errors.find((entry) => entry.number !== undefined && entry.number !== 0) ?? errors[0];
}

const errno = (failure: SlurmFailure) => decisive(failure)?.number;

/** Communication failures between slurmrestd and slurmctld: worth another try. */
function isTransientErrno(value: number): boolean {
  return (value >= 1800 && value < 1900) || (value >= 5000 && value < 5100) || value === 1000;
}

/** slurmrestd refused the shape of the job description (parsing errors, a missing environment). */
function isRequestShapeErrno(value: number): boolean {
  return (value >= 9000 && value < 9100) || value === 2127;
}

const prefix = (failure: SlurmFailure) => `${failure.operation} failed`;
const detail = (failure: SlurmFailure) => describe(decisive(failure) as SlurmApiError);
const hasErrno = (test: (value: number) => boolean) => (failure: SlurmFailure) => {
  const value = errno(failure);
  return value !== undefined && test(value);
};

/** The rows of the table, in order. */
const SLURM_ERROR_RULES: ResponseErrorTable<readonly SlurmApiError[]>['rules'] = [
  {
    status: [401, 403],
    error: (f) =>
      new AuthenticationError(`${f.message}: slurmrestd refused the request; check the user name and token`, {
        ...f.context,
      }),
  },
  {
    status: 400,
    error: (f) =>
      InvalidParameterError.fromIssues(`${f.operation} request`, [
        { field: '', rule: `slurmrestd could not parse it (${f.message})` },
      ]),
  },
  {
    when: (f) => errno(f) === SlurmErrno.INVALID_JOB_ID && f.jobId !== undefined,
    error: (f) =>
      new JobNotFoundError(f.jobId as string, {
        status: f.status,
        operation: f.operation,
        cause: new Error(detail(f)),
      }),
  },
  {
    when: (f) => errno(f) === SlurmErrno.UNSPECIFIED,
    error: (f) =>
      new AuthenticationError(
        `${prefix(f)}: ${detail(f)}. slurmrestd gives this when the token is invalid or expired (the usual cause) ` +
          'and also when slurmctld cannot be reached; the controller log says which',
        { ...f.context },
      ),
  },
  {
    when: (f) => errno(f) === SlurmErrno.ACCESS_DENIED,
    error: (f) =>
      new CloudExecutionError(`${prefix(f)}: permission denied by Slurm: ${detail(f)}`, {
        ...f.context,
        code: 'PERMISSION_DENIED',
      }),
  },
  {
    when: hasErrno(isTransientErrno),
    error: (f) =>
      new CloudConnectionError(`${prefix(f)}: slurmrestd could not talk to slurmctld: ${detail(f)}`, {
        ...f.context,
      }),
  },
  {
    when: hasErrno(isRequestShapeErrno),
    error: (f) =>
      InvalidParameterError.fromIssues(`${f.operation} request`, [
        { field: '', rule: `slurmrestd rejected the job description: ${detail(f)}` },
      ]),
  },
  {
    when: hasErrno(() => true),
    error: (f) => {
      const value = errno(f) as number;
      return new CloudExecutionError(`${prefix(f)}: ${detail(f)}`, {
        ...f.context,
        code: `SLURM_${value < 0 ? 'E' : ''}${Math.abs(value)}`,
      });
    },
  },
];

/** Slurm's error table for one API version (whose adapter reads the error list). */
export function slurmErrorTable(api: SlurmApiAdapter): ResponseErrorTable<readonly SlurmApiError[]> {
  return {
    payload: z.unknown().transform((body) => api.parseErrors(body)),
    describe: (errors) => errors.map(describe).join('; ') || 'no detail',
    rules: SLURM_ERROR_RULES,
  };
}
