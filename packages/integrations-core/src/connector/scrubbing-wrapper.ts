import type { Redactor } from '../redact.js';

/** Every wrapper made by {@link scrubbingWrapper}, so none is wrapped twice. */
export const scrubbingWrappers = new WeakSet<object>();

/**
 * `method`, calling through to the same code with `self` as `this`, but with anything it throws (or rejects
 * with, or a stream of it breaks with) scrubbed by `redactor`.
 */
export function scrubbingWrapper(
  name: string,
  method: (...args: unknown[]) => unknown,
  self: object,
  redactor: Redactor,
): (...args: unknown[]) => unknown {
  const scrub = (error: unknown) => redactor.redactError(error);
  const wrapped =
    name === 'followLogs'
      ? async function* (...args: unknown[]) {
          try {
            yield* method.apply(self, args) as AsyncIterable<string>;
          } catch (error) {
            throw scrub(error);
          }
        }
      : (...args: unknown[]) => {
          try {
            const result = method.apply(self, args);
            return result instanceof Promise
              ? result.catch((error: unknown) => {
                  throw scrub(error);
                })
              : result;
          } catch (error) {
            throw scrub(error);
          }
        };
  scrubbingWrappers.add(wrapped);
  return wrapped;
}
