/** The required members a JSON request carries, found through its model shape, and the request without one. */
import { type ServiceModel, shapeOf } from './aws-models.js';

/** One required member present in a request: its path of member names and its parent shape. */
export interface RequiredMember {
  readonly path: readonly (string | number)[];
  readonly parent: string;
}

/** Every required member `value` carries, at any depth, as shape `name` of `model` says. */
export function requiredMembersOf(
  model: ServiceModel,
  name: string,
  value: unknown,
  path: (string | number)[] = [],
): RequiredMember[] {
  const shape = shapeOf(model, name);
  if (shape.type === 'list' && Array.isArray(value))
    return value.flatMap((item, index) =>
      requiredMembersOf(model, shape.member?.shape ?? '', item, [...path, index]),
    );
  if (shape.type !== 'structure' || value === null || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  return Object.entries(shape.members ?? {}).flatMap(([member, ref]) => {
    if (record[member] === undefined) return [];
    const here = [...path, member];
    const own = shape.required?.includes(member) ? [{ path: here, parent: name }] : [];
    return [...own, ...requiredMembersOf(model, ref.shape, record[member], here)];
  });
}

/** A deep copy of `value` without the member at `path`. */
export function withoutMember(value: unknown, path: readonly (string | number)[]): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent = copy;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  delete parent[path.at(-1) as string | number];
  return copy;
}

/**
 * The member's path as AWS's validation messages spell it: members in lower camel case, list items counted
 * from 1 (`resourceConfig.volumeSizeInGB`, `tags.1.member.key`).
 */
export function validationPath(path: readonly (string | number)[]): string {
  return path
    .map((step) =>
      typeof step === 'number' ? `${step + 1}.member` : `${step[0]?.toLowerCase()}${step.slice(1)}`,
    )
    .join('.');
}
