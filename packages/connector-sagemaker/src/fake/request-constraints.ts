/**
 * The constraints of AWS's models on the JSON requests the fake serves (aws-request-constraints.json, written
 * by scripts/extract-aws-models.mjs from the 2022 full models): lengths, sizes, ranges, patterns and enums,
 * refused as AWS's front ends refuse them, every broken one listed in one `ValidationException`.
 */
import { AwsServiceError, shownValue } from './aws-error.js';
import table from './aws-request-constraints.json' with { type: 'json' };
import type { Json } from './json.js';

interface Constrained {
  readonly type: string;
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly jsPattern?: string;
  readonly enum?: readonly string[];
  readonly members?: Readonly<Record<string, string>>;
  readonly member?: string;
  readonly key?: string;
  readonly value?: string;
}
interface ServiceConstraints {
  readonly operations: Readonly<Record<string, string>>;
  readonly shapes: Readonly<Record<string, Constrained>>;
}
const CONSTRAINTS = table as Readonly<Record<string, ServiceConstraints>>;

const patterns = new Map<string, RegExp>();
/** The `u` RegExp of a translated model pattern, compiled once per process (the tests' checker uses it too). */
export function compiledPattern(source: string): RegExp {
  let pattern = patterns.get(source);
  if (!pattern) {
    pattern = new RegExp(source, 'u');
    patterns.set(source, pattern);
  }
  return pattern;
}

/** The constraints a simple value, or a list's or map's size, breaks, in AWS's words. */
function broken(shape: Constrained, value: Json): string[] {
  const out: string[] = [];
  const measured =
    typeof value === 'string'
      ? [...value].length
      : Array.isArray(value)
        ? value.length
        : value !== null && typeof value === 'object'
          ? Object.keys(value).length
          : undefined;
  if (typeof value === 'number') {
    if (shape.max !== undefined && value > shape.max)
      out.push(`Member must have value less than or equal to ${shape.max}`);
    if (shape.min !== undefined && value < shape.min)
      out.push(`Member must have value greater than or equal to ${shape.min}`);
  } else if (measured !== undefined) {
    if (shape.max !== undefined && measured > shape.max)
      out.push(`Member must have length less than or equal to ${shape.max}`);
    if (shape.min !== undefined && measured < shape.min)
      out.push(`Member must have length greater than or equal to ${shape.min}`);
  }
  if (typeof value === 'string') {
    if (shape.jsPattern && !compiledPattern(shape.jsPattern).test(value))
      out.push(`Member must satisfy regular expression pattern: ${shape.pattern}`);
    if (shape.enum && !shape.enum.includes(value))
      out.push(`Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
  }
  return out;
}

/** Each broken constraint under `value` as `Value '…' at 'field' failed to satisfy constraint: …`. */
function violations(service: ServiceConstraints, name: string, value: Json, field: string): string[] {
  const shape = service.shapes[name];
  if (!shape || value === null) return [];
  const at = (constraint: string, where = field, what: Json = value) =>
    `Value ${shownValue(what)} at '${where}' failed to satisfy constraint: ${constraint}`;
  const own = broken(shape, value).map((constraint) => at(constraint));
  const nested = (shapeName: string | undefined) => (shapeName ? service.shapes[shapeName] : undefined);
  const within = (prefix: string, shapeName: string | undefined, item: Json, where: string) => {
    const inner = nested(shapeName);
    if (!inner) return [];
    if (inner.type === 'structure' || inner.type === 'list' || inner.type === 'map')
      return violations(service, shapeName as string, item, where);
    const rules = broken(inner, item);
    return rules.length > 0 ? [at(`${prefix} must satisfy constraint: [${rules.join(', ')}]`)] : [];
  };
  if (shape.type === 'structure' && typeof value === 'object' && !Array.isArray(value))
    return [
      ...own,
      ...Object.entries(shape.members ?? {}).flatMap(([member, target]) =>
        value[member] === undefined
          ? []
          : violations(
              service,
              target,
              value[member] as Json,
              `${field ? `${field}.` : ''}${member[0]?.toLowerCase()}${member.slice(1)}`,
            ),
      ),
    ];
  if (shape.type === 'list' && Array.isArray(value))
    return [
      ...own,
      ...value.flatMap((item, index) => within('Member', shape.member, item, `${field}.${index + 1}.member`)),
    ];
  if (shape.type === 'map' && typeof value === 'object' && !Array.isArray(value))
    return [
      ...own,
      ...Object.keys(value).flatMap((key) => within('Map keys', shape.key, key, field)),
      ...Object.values(value).flatMap((item) => within('Map value', shape.value, item, field)),
    ];
  return own;
}

/**
 * Refuses `input` of `service`'s `operation` with the `ValidationException` AWS answers when it breaks a
 * constraint of the models (`2 validation errors detected: Value '…' at 'trainingJobName' failed to satisfy
 * constraint: Member must have length less than or equal to 63; …`).
 */
export function refuseBrokenConstraints(
  service: string,
  operation: string,
  input: { [key: string]: Json },
): void {
  const constraints = CONSTRAINTS[service];
  const shape = constraints?.operations[operation];
  if (!constraints || !shape) return;
  const found = [...new Set(violations(constraints, shape, input, ''))];
  if (found.length === 0) return;
  const count = `${found.length} validation error${found.length === 1 ? '' : 's'} detected`;
  throw new AwsServiceError('ValidationException', `${count}: ${found.join('; ')}`);
}
