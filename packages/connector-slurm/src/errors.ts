import {
  AuthenticationError,
  CloudConnectionError,
  type CloudException,
  CloudExecutionError,
  InvalidParameterError,
  JobNotFoundError,
  RateLimitError,
} from '@neural/integrations-core';
import type { SlurmApiError } from './api/adapter.js';

/** What a failed request was about, for the error's message and type. */
export interface SlurmErrorContext {
  /** The connector operation (`getJobStatus`). */
  readonly operation: string;
  /** The job the request named, so that "invalid job id" becomes `JobNotFoundError`. */
  readonly jobId?: string | undefined;
}

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

function describe(entry: SlurmApiError): string {
  const parts = [entry.error, entry.description].filter((part) => part.length > 0);
  const unique = parts.filter((part, index) => parts.indexOf(part) === index);
  return `Slurm error ${entry.number ?? '?'}${unique.length > 0 ? ` (${unique.join(': ')})` : ''}`;
}

/** Communication failures between slurmrestd and slurmctld: worth another try. */
function isTransientErrno(errno: number): boolean {
  return (errno >= 1800 && errno < 1900) || (errno >= 5000 && errno < 5100) || errno === 1000;
}

/** slurmrestd refused the shape of the job description (parsing errors, a missing environment). */
function isRequestShapeErrno(errno: number): boolean {
  return (errno >= 9000 && errno < 9100) || errno === 2127;
}

/**
 * The error for one slurmrestd answer that was not a success. slurmrestd answers nearly every failure with
 * HTTP 500 and a list of Slurm error numbers; the number, not the status, decides the type.
 */
export function errorFromSlurmResponse(
  status: number,
  errors: readonly SlurmApiError[],
  bodyText: string,
  context: SlurmErrorContext,
): CloudException {
  const prefix = `${context.operation} failed`;
  if (status === 401 || status === 403) {
    return new AuthenticationError(
      `${prefix}: slurmrestd refused the request (HTTP ${status}${bodyText ? `: ${excerpt(bodyText)}` : ''}); check the user name and token`,
    );
  }
  if (status === 400) {
    return InvalidParameterError.fromIssues(`${context.operation} request`, [
      {
        field: '',
        rule: `slurmrestd could not parse it (HTTP 400: ${errors.map(describe).join('; ') || excerpt(bodyText) || 'no detail'})`,
      },
    ]);
  }
  if (status === 429) return new RateLimitError(`${prefix}: slurmrestd asked to slow down (HTTP 429)`);
  const entry =
    errors.find((candidate) => candidate.number !== undefined && candidate.number !== 0) ?? errors[0];
  if (entry?.number !== undefined) {
    const errno = entry.number;
    const detail = describe(entry);
    if (errno === SlurmErrno.INVALID_JOB_ID && context.jobId !== undefined) {
      return new JobNotFoundError(context.jobId, { cause: new Error(detail) });
    }
    if (errno === SlurmErrno.UNSPECIFIED) {
      return new AuthenticationError(
        `${prefix}: ${detail}. slurmrestd gives this when the token is invalid or expired (the usual cause) ` +
          'and also when slurmctld cannot be reached; the controller log says which',
      );
    }
    if (errno === SlurmErrno.ACCESS_DENIED) {
      return new CloudExecutionError(`${prefix}: permission denied by Slurm: ${detail}`, {
        code: 'PERMISSION_DENIED',
      });
    }
    if (isTransientErrno(errno)) {
      return new CloudConnectionError(`${prefix}: slurmrestd could not talk to slurmctld: ${detail}`);
    }
    if (isRequestShapeErrno(errno)) {
      return InvalidParameterError.fromIssues(`${context.operation} request`, [
        { field: '', rule: `slurmrestd rejected the job description: ${detail}` },
      ]);
    }
    return new CloudExecutionError(`${prefix}: ${detail}`, {
      code: `SLURM_${errno < 0 ? 'E' : ''}${Math.abs(errno)}`,
    });
  }
  if (status >= 500) {
    return new CloudConnectionError(
      `${prefix}: slurmrestd answered HTTP ${status}${bodyText ? `: ${excerpt(bodyText)}` : ''}`,
    );
  }
  return new CloudExecutionError(
    `${prefix}: slurmrestd answered HTTP ${status}${bodyText ? `: ${excerpt(bodyText)}` : ''}`,
    { code: `HTTP_${status}` },
  );
}

/** The first 300 characters of a body, on one line. */
export function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat;
}
