import {
  AuthenticationError,
  CloudException,
  InvalidParameterError,
  isAbortError,
  JobNotFoundError,
  JobTimeoutError,
} from '@neural/integrations-core';

/**
 * What `neural` exits with. Stable: scripts may rely on these numbers, and new ones are only ever added.
 */
export const EXIT_CODES = Object.freeze({
  /** Everything asked for was done (and every job watched succeeded). */
  OK: 0,
  /** A job ended other than SUCCEEDED (failed, cancelled, timed out on the platform), or some jobs of a batch did. */
  JOB_FAILED: 1,
  /** The command line or its input was wrong: an unknown option, a bad value, a malformed file. Nothing was sent. */
  USAGE: 2,
  /** The job or the platform profile named does not exist. */
  NOT_FOUND: 3,
  /** The platform refused the credentials. */
  AUTH: 4,
  /** The platform could not be reached or failed (after retries), or the operation is not supported there. */
  PLATFORM: 5,
  /** Waiting gave up (`--timeout`); the job was left running. */
  TIMEOUT: 6,
  /** Interrupted (Ctrl-C): what was submitted is in the journal, `--resume` continues. */
  /** An unexpected failure inside `neural` itself (a bug: please report it). */
  INTERNAL: 70,
  INTERRUPTED: 130,
});

/** One of {@link EXIT_CODES}. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** The exit code an error maps to. */
export function exitCodeFor(error: unknown): ExitCode {
  if (isAbortError(error)) return EXIT_CODES.INTERRUPTED;
  if (JobNotFoundError.isInstance(error)) return EXIT_CODES.NOT_FOUND;
  if (CloudException.isInstance(error) && error.code === 'PROFILE_NOT_FOUND') return EXIT_CODES.NOT_FOUND;
  if (InvalidParameterError.isInstance(error)) return EXIT_CODES.USAGE;
  if (AuthenticationError.isInstance(error)) return EXIT_CODES.AUTH;
  if (JobTimeoutError.isInstance(error)) return EXIT_CODES.TIMEOUT;
  if (CloudException.isInstance(error)) return EXIT_CODES.PLATFORM;
  return EXIT_CODES.INTERNAL;
}
