import { InvalidParameterError } from './errors.js';

/** The rule a local path argument must meet, as every connector words it in its `InvalidParameterError`. */
export const LOCAL_PATH_RULE = 'must be a non-empty path without a NUL byte';

/**
 * Checks a local path argument (the `localPath` of `uploadFile` and `downloadFile`) before anything is read,
 * written or sent, and returns it. One rule for every connector: a non-empty string without a NUL byte (Node's
 * `fs` throws a raw `ERR_INVALID_ARG_VALUE` on a NUL, which is not a `CloudException`). Whether the file
 * exists, or its folder can be written, is for the operation to find out.
 *
 * @param localPath - The argument as the caller passed it.
 * @param field - The name of the argument, for the error's issue.
 * @throws InvalidParameterError naming `field` and {@link LOCAL_PATH_RULE}.
 */
export function assertLocalPath(localPath: unknown, field = 'localPath'): string {
  if (typeof localPath !== 'string' || localPath.length === 0 || localPath.includes('\0')) {
    throw InvalidParameterError.forField(field, LOCAL_PATH_RULE);
  }
  return localPath;
}
