/**
 * A small validator over a Smithy subset (test/fixtures/aws-shapes.json): structures (required members, no
 * members the model does not have), lists, maps, enums and the simple types as the AWS JSON 1.1 protocol
 * carries them (timestamps as epoch seconds, longs and integers as whole numbers).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const MemberSchema = z.strictObject({ target: z.string(), required: z.boolean().optional() });
const ShapeSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('structure'), members: z.record(z.string(), MemberSchema) }),
  z.strictObject({ type: z.literal('list'), member: z.string() }),
  z.strictObject({ type: z.literal('map'), value: z.string() }),
  z.strictObject({ type: z.literal('enum'), values: z.array(z.string()).min(1) }),
]);
const FixtureSchema = z.strictObject({
  source: z.record(z.string(), z.string()),
  shapes: z.record(z.string(), ShapeSchema),
});

/** The shapes of the fixture, validated. */
export const AWS_SHAPES = FixtureSchema.parse(
  JSON.parse(readFileSync(new URL('../fixtures/aws-shapes.json', import.meta.url), 'utf8')),
).shapes;

/** Every way `value` breaks shape `target`, as `path: rule` lines; empty when it conforms. */
export function shapeIssues(target: string, value: unknown, path = '$'): string[] {
  switch (target) {
    case 'any':
      return [];
    case 'string':
      return typeof value === 'string' ? [] : [`${path}: must be a string`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${path}: must be a boolean`];
    case 'integer':
    case 'long':
      return Number.isInteger(value) ? [] : [`${path}: must be a whole number`];
    case 'float':
    case 'double':
      return typeof value === 'number' && Number.isFinite(value) ? [] : [`${path}: must be a number`];
    case 'timestamp':
      return typeof value === 'number' && Number.isFinite(value) && value >= 0
        ? []
        : [`${path}: must be a timestamp in epoch seconds`];
  }
  const shape = AWS_SHAPES[target];
  if (!shape) return [`${path}: the fixture has no shape ${target}`];
  switch (shape.type) {
    case 'enum':
      return typeof value === 'string' && shape.values.includes(value)
        ? []
        : [`${path}: must be one of ${shape.values.join(', ')} (${target}), not ${JSON.stringify(value)}`];
    case 'list':
      return Array.isArray(value)
        ? value.flatMap((item, index) => shapeIssues(shape.member, item, `${path}[${index}]`))
        : [`${path}: must be a list of ${shape.member}`];
    case 'map':
      return value !== null && typeof value === 'object' && !Array.isArray(value)
        ? Object.entries(value).flatMap(([key, item]) => shapeIssues(shape.value, item, `${path}.${key}`))
        : [`${path}: must be a map`];
    case 'structure': {
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        return [`${path}: must be a ${target} object`];
      const record = value as Record<string, unknown>;
      const issues: string[] = [];
      for (const [name, member] of Object.entries(shape.members)) {
        if (member.required && record[name] === undefined)
          issues.push(`${path}.${name}: is required by ${target}`);
      }
      for (const [name, item] of Object.entries(record)) {
        const member = shape.members[name];
        if (!member) issues.push(`${path}.${name}: ${target} has no such member`);
        else issues.push(...shapeIssues(member.target, item, `${path}.${name}`));
      }
      return issues;
    }
  }
}
