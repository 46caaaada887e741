/** Paths a REST connector puts in a URL or reads from the caller, checked before anything is sent. */
import { parseRemotePath } from '../remote-path.js';

/**
 * Checks a platform path and returns it percent-encoded segment by segment, ready for a URL. Refuses, before
 * anything is sent, a path that is empty, absolute, holds a `..` or empty segment, a backslash or a NUL byte.
 */
export function encodeRemotePath(remotePath: unknown, field = 'remotePath'): string {
  return parseRemotePath(remotePath, field).split('/').map(encodeURIComponent).join('/');
}

/** Checks a local path argument and returns it: core's one rule, also exported from the root entry. */
export { assertLocalPath } from '../local-path.js';
