/**
 * What Node's `fetch` throws when the connection is refused: the request never left, which core's `isNotSent`
 * reads from the cause's `ECONNREFUSED`.
 */
export function refusedConnection(): TypeError {
  return Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
}
