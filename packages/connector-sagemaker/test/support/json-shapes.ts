/**
 * A JSON protocol body against a model shape: structures carry every `required` member and no member the
 * model lacks, lists are arrays, maps objects, and each simple value is of its shape's type and enum.
 */
import { type ServiceModel, shapeOf } from './aws-models.js';
import { scalarRule } from './scalar-rules.js';

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Every way `value` breaks shape `name` of `model`, as `path: rule` lines; empty when it conforms. */
export function jsonIssues(model: ServiceModel, name: string, value: unknown, path = name): string[] {
  const shape = shapeOf(model, name);
  switch (shape.type) {
    case 'structure': {
      if (!isObject(value)) return [`${path}: must be a JSON object (structure ${name})`];
      const members = shape.members ?? {};
      const issues = (shape.required ?? [])
        .filter((member) => value[member] === undefined)
        .map((member) => `${path}.${member}: is required by ${name}`);
      for (const [member, item] of Object.entries(value)) {
        const ref = members[member];
        if (!ref) issues.push(`${path}.${member}: ${name} has no such member`);
        else issues.push(...jsonIssues(model, ref.shape, item, `${path}.${member}`));
      }
      return issues;
    }
    case 'list':
      return Array.isArray(value)
        ? value.flatMap((item, index) =>
            jsonIssues(model, shape.member?.shape ?? '', item, `${path}[${index}]`),
          )
        : [`${path}: must be a JSON array (list ${name})`];
    case 'map':
      return isObject(value)
        ? Object.entries(value).flatMap(([key, item]) =>
            jsonIssues(model, shape.value?.shape ?? '', item, `${path}.${key}`),
          )
        : [`${path}: must be a JSON object (map ${name})`];
    default: {
      const rule = scalarRule(name, shape, value, 'json');
      return rule ? [`${path}: ${rule}`] : [];
    }
  }
}
