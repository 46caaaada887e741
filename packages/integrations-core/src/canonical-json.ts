/**
 * The canonical JSON text of a value: object keys sorted (by UTF-16 code units), no whitespace, fields whose
 * value is `undefined` left out, so two values that mean the same give the same text whatever the order their
 * keys were written in. The text to hash when a fingerprint must not depend on key order (an idempotency key's
 * body, a journal's request).
 *
 * Elsewhere it follows `JSON.stringify`: `undefined` in an array (or at the top) is `null`, a `toJSON` method
 * is not called (pass plain data), and a `bigint` throws.
 *
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: [true, { d: null, c: undefined }] }); // '{"a":[true,{"d":null}],"b":1}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const fields = Object.entries(value)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${fields.map(([name, field]) => `${JSON.stringify(name)}:${canonicalJson(field)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
