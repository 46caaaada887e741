import { InvalidParameterError } from '../errors.js';

/** Throws `InvalidParameterError` unless `jobId` is a non-empty string of at most 256 characters. */
export function assertJobId(jobId: unknown, field = 'jobId'): asserts jobId is string {
  if (typeof jobId !== 'string' || jobId.trim().length === 0 || jobId.length > 256) {
    throw InvalidParameterError.fromIssues(field, [
      { field, rule: 'must be a non-empty string of at most 256 characters' },
    ]);
  }
}
