/** The platform paths and the input refusal every operation module shares. */
import { InvalidParameterError } from '@neural/integrations-core';

/** The path of one job; the id is encoded so it can never reach another resource. */
export function jobPath(jobId: string): string {
  return `/jobs/${encodeURIComponent(jobId)}`;
}

/** An `InvalidParameterError` naming the one field that broke the one rule. */
export function refuse(field: string, rule: string): InvalidParameterError {
  return InvalidParameterError.fromIssues(field, [{ field, rule }]);
}
