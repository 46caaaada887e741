/**
 * The key Node's `util.inspect` (and so `console.log`) looks for on an object to describe it. `Symbol.for`
 * names the same symbol `util.inspect.custom` is, without importing `node:util`; other runtimes never call it.
 */
export const INSPECT_CUSTOM: unique symbol = Symbol.for('nodejs.util.inspect.custom');

/** The `inspect` Node passes to an {@link INSPECT_CUSTOM} method as its third argument. */
export type InspectFunction = (value: unknown, options?: { depth?: number }) => string;
