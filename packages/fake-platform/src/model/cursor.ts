import { invalidRequest } from '../problems.js';

// A cursor is the index (in creation order) below which the next page starts: O(1) to resume.

/** The cursor of the page that starts below creation index `before`. */
export function encodeCursor(before: number): string {
  return Buffer.from(`c1.${before}`).toString('base64url');
}

/** The creation index a cursor names, or `INVALID_REQUEST` for a cursor this platform did not issue. */
export function decodeCursor(cursor: string): number {
  const match = /^c1\.(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw invalidRequest('cursor', 'is not a cursor this platform issued', 400);
  return Number(match[1]);
}
