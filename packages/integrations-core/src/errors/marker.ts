/**
 * Cross-copy identity for the error family: a third-party connector may load its own copy of this package, and
 * `instanceof` fails across copies while a `Symbol.for` marker does not.
 */

const MARKER_PREFIX = '@neural/integrations-core/error';

/** The registered symbol that marks instances of the class called `name`. */
export function marker(name: string): symbol {
  return Symbol.for(`${MARKER_PREFIX}/${name}`);
}

/** Whether `value` carries `symbol`, whichever copy of this package made it. */
export function hasMarker(value: unknown, symbol: symbol): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    symbol in value &&
    (value as Record<symbol, unknown>)[symbol] === true
  );
}
