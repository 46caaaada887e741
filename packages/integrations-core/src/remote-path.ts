import { InvalidParameterError } from './errors.js';

/**
 * Checks a path on a platform's file store (`uploadFile`'s `remotePath`) and returns it with `/` separators.
 * A remote path is relative to the store's root and can never leave it: absolute paths (`/x`, `C:/x`, `~/x`),
 * `..`, empty and `.` segments, backslashes and NUL bytes are refused with `InvalidParameterError` naming
 * `field`, before anything is sent or written. One rule for every connector, so a path that works on one
 * works on all.
 *
 * @example
 * ```ts
 * parseRemotePath('models/v1/model.bin'); // 'models/v1/model.bin'
 * parseRemotePath('../secrets'); // throws InvalidParameterError: remotePath: must not contain ".." segments
 * ```
 */
export function parseRemotePath(remotePath: unknown, field = 'remotePath'): string {
  const refuse = (rule: string) => InvalidParameterError.forField(field, rule);
  if (typeof remotePath !== 'string' || remotePath.length === 0) throw refuse('must be a non-empty string');
  if (remotePath.length > 1024) throw refuse('must be at most 1024 characters');
  if (remotePath.startsWith('/') || remotePath.startsWith('~') || /^[A-Za-z]:/.test(remotePath)) {
    throw refuse('must be relative to the platform file root, not absolute');
  }
  if (remotePath.includes('\\') || remotePath.includes('\0')) {
    throw refuse('must not contain backslashes or NUL bytes');
  }
  const segments = remotePath.split('/');
  if (segments.includes('..')) throw refuse('must not contain ".." segments');
  if (segments.some((segment) => segment === '' || segment === '.')) {
    throw refuse('must not contain empty or "." segments');
  }
  return remotePath;
}
