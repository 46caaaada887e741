import type { Connector } from '@neural/integrations-core';

/** One call a clause made on a connector, as recorded by the context. */
export interface RecordedCall {
  /** The call, written out with its arguments (secrets redacted). */
  readonly call: string;
  /** What it threw, when it threw. */
  readonly error?: unknown;
}

/**
 * Wraps `connector` so that every method call is pushed to `calls` with its arguments (written by `describe`)
 * and what it threw; `onResolved` is told what each promise-returning call resolved.
 */
export function recordConnector(
  connector: Connector,
  recorder: {
    readonly calls: RecordedCall[];
    describe(value: unknown): string;
    onResolved(method: string, args: readonly unknown[], resolved: unknown): void;
  },
): Connector {
  const describeCall = (method: string, args: unknown[]) =>
    `connector.${method}(${args.map((arg) => recorder.describe(arg)).join(', ')})`;
  return new Proxy(connector, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== 'function' || typeof property !== 'string' || property === 'constructor') {
        return value;
      }
      return (...args: unknown[]) => {
        const entry: { call: string; error?: unknown } = { call: describeCall(property, args) };
        recorder.calls.push(entry);
        let result: unknown;
        try {
          result = value.apply(target, args);
        } catch (error) {
          entry.error = error;
          throw error;
        }
        if (result instanceof Promise) {
          return result.then(
            (resolved: unknown) => {
              recorder.onResolved(property, args, resolved);
              return resolved;
            },
            (error: unknown) => {
              entry.error = error;
              throw error;
            },
          );
        }
        if (result !== null && typeof result === 'object' && Symbol.asyncIterator in result) {
          return recordIterable(result as AsyncIterable<unknown>, entry);
        }
        return result;
      };
    },
  });
}

function recordIterable(
  iterable: AsyncIterable<unknown>,
  entry: { error?: unknown },
): AsyncIterable<unknown> {
  return {
    [Symbol.asyncIterator]() {
      const iterator = iterable[Symbol.asyncIterator]();
      const guard = async <T>(step: () => Promise<T>): Promise<T> => {
        try {
          return await step();
        } catch (error) {
          entry.error = error;
          throw error;
        }
      };
      return {
        next: () => guard(() => iterator.next()),
        return: (value?: unknown) =>
          guard(async () =>
            iterator.return ? iterator.return(value) : { done: true as const, value: undefined },
          ),
      };
    },
  };
}
