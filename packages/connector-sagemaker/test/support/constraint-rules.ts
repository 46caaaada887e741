/**
 * The constraints of the 2022 full models on a value of a shape: lengths of strings (in Unicode code points,
 * as Smithy's `@length` counts them) and blobs (in bytes), sizes of lists and maps, numeric ranges, and
 * patterns, matched against the whole value as AWS's services match them.
 */
import { compiledPattern } from '../../src/fake/request-constraints.js';
import type { Shape } from './aws-models.js';

function bounds(shape: Shape): string {
  if (shape.min !== undefined && shape.max !== undefined) return `between ${shape.min} and ${shape.max}`;
  return shape.min !== undefined ? `at least ${shape.min}` : `at most ${shape.max}`;
}

const outside = (shape: Shape, count: number) =>
  (shape.min !== undefined && count < shape.min) || (shape.max !== undefined && count > shape.max);

/** Why `count` items (list), entries (map), characters (string) or bytes (blob) break `shape`'s `min`/`max`. */
export function sizeRule(name: string, shape: Shape, count: number): string | undefined {
  if (!outside(shape, count)) return undefined;
  const unit =
    shape.type === 'list'
      ? 'items'
      : shape.type === 'map'
        ? 'entries'
        : shape.type === 'blob'
          ? 'bytes'
          : 'characters';
  return `must have ${bounds(shape)} ${unit} (${shape.type} ${name}), not ${count}`;
}

/** Why `value`, already of `shape`'s type, breaks one of its constraints, or `undefined` when it meets them. */
export function constraintRule(name: string, shape: Shape, value: string | number): string | undefined {
  if (typeof value === 'number')
    return outside(shape, value)
      ? `must be ${bounds(shape)} (${shape.type} ${name}), not ${value}`
      : undefined;
  const length = shape.type === 'blob' ? Buffer.from(value, 'base64').length : [...value].length;
  const size = sizeRule(name, shape, length);
  if (size) return size;
  if (shape.type === 'string' && shape.jsPattern && !compiledPattern(shape.jsPattern).test(value))
    return `must match the pattern ${shape.pattern} (${name}), not ${JSON.stringify(value)}`;
  return undefined;
}
