/**
 * The key Node's `util.inspect` (and so `console.log`) looks for on an object to describe it. `Symbol.for`
 * names the same symbol `util.inspect.custom` is, without importing `node:util`; other runtimes never call it.
 */
export const INSPECT_CUSTOM: unique symbol = Symbol.for('nodejs.util.inspect.custom');
