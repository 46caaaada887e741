// The checks the test controls and the optional methods make of their own arguments, each an
// InvalidParameterError naming the field and the rule.
import { InvalidParameterError } from '@neural/integrations-core';

export function assertPositiveCount(n: unknown, field: string): asserts n is number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    throw InvalidParameterError.forField(field, 'must be a whole number of at least 1');
  }
}

export function assertNonEmptyString(value: unknown, field: string): asserts value is string {
  if (typeof value !== 'string' || value.length === 0)
    throw InvalidParameterError.forField(field, 'must be a non-empty string');
}
