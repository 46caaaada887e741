/**
 * A JSON protocol body against a model shape: structures carry every `required` member and no member the
 * model lacks, lists are arrays and maps objects of the sizes the model allows, and each simple value is of
 * its shape's type, enum, length, range and pattern.
 */
import { type ServiceModel, shapeOf } from './aws-models.js';
import { sizeRule } from './constraint-rules.js';
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
    case 'list': {
      if (!Array.isArray(value)) return [`${path}: must be a JSON array (list ${name})`];
      const size = sizeRule(name, shape, value.length);
      return [
        ...(size ? [`${path}: ${size}`] : []),
        ...value.flatMap((item, index) =>
          jsonIssues(model, shape.member?.shape ?? '', item, `${path}[${index}]`),
        ),
      ];
    }
    case 'map': {
      if (!isObject(value)) return [`${path}: must be a JSON object (map ${name})`];
      const size = sizeRule(name, shape, Object.keys(value).length);
      return [
        ...(size ? [`${path}: ${size}`] : []),
        ...Object.entries(value).flatMap(([key, item]) => [
          ...(shape.key ? jsonIssues(model, shape.key.shape, key, `${path}{${key}}`) : []),
          ...jsonIssues(model, shape.value?.shape ?? '', item, `${path}.${key}`),
        ]),
      ];
    }
    default: {
      const rule = scalarRule(name, shape, value, 'json');
      return rule ? [`${path}: ${rule}`] : [];
    }
  }
}
