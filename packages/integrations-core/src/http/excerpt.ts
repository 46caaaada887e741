/**
 * How much of a platform's answer an error message may quote. One rule for every connector: a body is quoted
 * only as a short, single-line excerpt, and the message still goes through the connector's `Redactor` before
 * it leaves the transport.
 */

/** The longest excerpt of a body an error message quotes. */
export const EXCERPT_LENGTH = 200;

/**
 * A short, single-line excerpt of `text` for an error message: white space folded, cut at
 * {@link EXCERPT_LENGTH} characters with an ellipsis, `(empty body)` for nothing.
 */
export function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length === 0) return '(empty body)';
  return flat.length > EXCERPT_LENGTH ? `${flat.slice(0, EXCERPT_LENGTH)}…` : flat;
}
