import type { FollowLogsOptions } from './connector/requests.js';
import { InvalidParameterError } from './errors.js';

/**
 * The character offset `followLogs` starts at: `options.fromOffset`, or 0 when absent. Checked before anything
 * is read, so every connector rejects a bad offset with the same typed error.
 *
 * @throws InvalidParameterError naming `fromOffset` when it is not a whole number of characters, 0 or more.
 *
 * @example
 * ```ts
 * let skip = followLogsStartOffset(options); // then drop `skip` characters from the first chunks read
 * ```
 */
export function followLogsStartOffset(options: FollowLogsOptions = {}): number {
  const fromOffset = options.fromOffset ?? 0;
  if (!Number.isSafeInteger(fromOffset) || fromOffset < 0) {
    throw InvalidParameterError.fromIssues('followLogs options', [
      { field: 'fromOffset', rule: 'must be a whole number of characters, 0 or more' },
    ]);
  }
  return fromOffset;
}
