/**
 * Requests that break one constraint of the 2022 models: for each constrained value a request carries (at any
 * depth), the request with that value made too long, too short, off-pattern, off-enum, out of range, or with
 * a list or map too large, and the words AWS's `ValidationException` uses for that constraint.
 */
import { compiledPattern } from '../../src/fake/request-constraints.js';
import { type ServiceModel, type Shape, shapeOf } from './aws-models.js';
import { constraintRule } from './constraint-rules.js';
import { validationPath } from './required-members.js';

/** One request breaking one constraint. */
export interface ConstraintViolation {
  /** The member's path as AWS's messages spell it (`resourceConfig.volumeSizeInGB`). */
  readonly field: string;
  /** What was broken, for a reader (`TrainingJobName max 63`). */
  readonly broken: string;
  /** The words AWS's message uses for the constraint (`Member must have length less than or equal to 63`). */
  readonly constraint: string;
  /** The whole request with the value replaced. */
  readonly request: unknown;
}

type Path = readonly (string | number)[];

/** Characters tried to push a string off its pattern, and to lengthen it while keeping to it. */
const STRANGERS = ['_', ' ', '#', '<', '!', '~', 'é', '1', 'a'];
const FILLERS = ['a', '0', 'A', '-', ' ', '_', '/'];

const fits = (name: string, shape: Shape, value: string) => constraintRule(name, shape, value) === undefined;

/** Ways to break string shape `shape` starting from `value`, each with its AWS wording. */
function brokenStrings(
  name: string,
  shape: Shape,
  value: string,
): { value: string; broken: string; constraint: string }[] {
  const out: { value: string; broken: string; constraint: string }[] = [];
  if (shape.enum)
    out.push({
      value: 'NotAValue',
      broken: `${name} enum`,
      constraint: 'Member must satisfy enum value set',
    });
  if (shape.max !== undefined) {
    const filler = FILLERS.find((c) => fits(name, { ...shape, max: undefined }, `${value}${c}`)) ?? 'a';
    const long = [...value, ...Array(shape.max + 1).fill(filler)].slice(0, shape.max + 1).join('');
    out.push({
      value: long,
      broken: `${name} max ${shape.max}`,
      constraint: `Member must have length less than or equal to ${shape.max}`,
    });
  }
  if (shape.min !== undefined && shape.min > 0)
    out.push({
      value: [...value].slice(0, shape.min - 1).join(''),
      broken: `${name} min ${shape.min}`,
      constraint: `Member must have length greater than or equal to ${shape.min}`,
    });
  if (shape.jsPattern && !shape.enum) {
    const candidates = STRANGERS.flatMap((c) => [
      `${value}${c}`,
      `${c}${value}`,
      `${value.slice(0, -1)}${c}`,
    ]);
    const pattern = compiledPattern(shape.jsPattern);
    const off = candidates.find(
      (candidate) => !pattern.test(candidate) && fits(name, { ...shape, jsPattern: undefined }, candidate),
    );
    if (off !== undefined)
      out.push({
        value: off,
        broken: `${name} pattern ${shape.pattern}`,
        constraint: `Member must satisfy regular expression pattern: ${shape.pattern}`,
      });
  }
  return out;
}

function replaced(request: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(request) as Record<string | number, unknown>;
  let parent = copy;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  parent[path.at(-1) as string | number] = value;
  return copy;
}

/** Every single-constraint violation of the values `request` carries, as shape `name` of `model` says. */
export function constraintViolations(
  model: ServiceModel,
  name: string,
  request: unknown,
  value: unknown = request,
  path: Path = [],
): ConstraintViolation[] {
  const shape = shapeOf(model, name);
  const field = validationPath(path);
  const violation = (broken: string, constraint: string, changed: unknown): ConstraintViolation => ({
    field,
    broken,
    constraint,
    request: replaced(request, path, changed),
  });
  const sizes = (count: number, make: (n: number) => unknown): ConstraintViolation[] => [
    ...(shape.max !== undefined
      ? [
          violation(
            `${name} max ${shape.max}`,
            `Member must have length less than or equal to ${shape.max}`,
            make(shape.max + 1),
          ),
        ]
      : []),
    ...(shape.min !== undefined && shape.min > 0 && count >= shape.min
      ? [
          violation(
            `${name} min ${shape.min}`,
            `Member must have length greater than or equal to ${shape.min}`,
            make(shape.min - 1),
          ),
        ]
      : []),
  ];
  switch (shape.type) {
    case 'structure': {
      if (value === null || typeof value !== 'object') return [];
      const record = value as Record<string, unknown>;
      return Object.entries(shape.members ?? {}).flatMap(([member, ref]) =>
        record[member] === undefined
          ? []
          : constraintViolations(model, ref.shape, request, record[member], [...path, member]),
      );
    }
    case 'list': {
      if (!Array.isArray(value) || value.length === 0) return [];
      const first = value[0];
      const memberShape = shapeOf(model, shape.member?.shape ?? '');
      // A list of strings names the list, not the item: `Member must satisfy constraint: [...]`.
      const items =
        memberShape.type === 'string' && typeof first === 'string'
          ? brokenStrings(shape.member?.shape ?? '', memberShape, first).map((bad) =>
              violation(bad.broken, 'Member must satisfy constraint', [bad.value, ...value.slice(1)]),
            )
          : constraintViolations(model, shape.member?.shape ?? '', request, first, [...path, 0]);
      return [
        ...sizes(value.length, (n) => Array.from({ length: n }, () => structuredClone(first))),
        ...items,
      ];
    }
    case 'map': {
      if (value === null || typeof value !== 'object') return [];
      const entries = Object.entries(value as Record<string, unknown>);
      const [firstKey, firstValue] = entries[0] ?? [];
      if (firstKey === undefined) return [];
      const keyShape = shape.key ? shapeOf(model, shape.key.shape) : undefined;
      const valueShape = shapeOf(model, shape.value?.shape ?? '');
      const keyed = (n: number) =>
        Object.fromEntries(Array.from({ length: n }, (_, i) => [`${firstKey}${i}`, firstValue]));
      const out = sizes(entries.length, keyed);
      if (keyShape?.type === 'string')
        for (const bad of brokenStrings(shape.key?.shape ?? '', keyShape, firstKey))
          out.push(
            violation(bad.broken, 'Map keys must satisfy constraint', {
              ...(value as object),
              [bad.value]: firstValue,
            }),
          );
      if (valueShape.type === 'string' && typeof firstValue === 'string')
        for (const bad of brokenStrings(shape.value?.shape ?? '', valueShape, firstValue))
          out.push(
            violation(bad.broken, 'Map value must satisfy constraint', {
              ...(value as object),
              [firstKey]: bad.value,
            }),
          );
      return out;
    }
    case 'string':
      return typeof value === 'string'
        ? brokenStrings(name, shape, value).map((bad) => violation(bad.broken, bad.constraint, bad.value))
        : [];
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      if (typeof value !== 'number') return [];
      return [
        ...(shape.min !== undefined
          ? [
              violation(
                `${name} min ${shape.min}`,
                `Member must have value greater than or equal to ${shape.min}`,
                shape.min - 1,
              ),
            ]
          : []),
        ...(shape.max !== undefined
          ? [
              violation(
                `${name} max ${shape.max}`,
                `Member must have value less than or equal to ${shape.max}`,
                shape.max + 1,
              ),
            ]
          : []),
      ];
    default:
      return [];
  }
}
