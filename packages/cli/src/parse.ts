import { InvalidParameterError } from '@neural/integrations-core';

function refuse(option: string, rule: string): InvalidParameterError {
  return InvalidParameterError.forField(option, rule, { subject: 'command line' });
}

/** A commander argument parser for a whole number of at least `min`. */
export function wholeNumber(option: string, min = 0): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number < min) {
      throw refuse(option, `must be a whole number of at least ${min} (got "${value}")`);
    }
    return number;
  };
}

/** A commander argument parser for a number greater than 0. */
export function positiveNumber(option: string): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number) || number <= 0) {
      throw refuse(option, `must be a number greater than 0 (got "${value}")`);
    }
    return number;
  };
}

/** A commander parser collecting repeated `KEY=VALUE` options into an object. */
export function keyValue(
  option: string,
): (value: string, previous: Record<string, string> | undefined) => Record<string, string> {
  return (value, previous) => {
    const at = value.indexOf('=');
    if (at <= 0) throw refuse(option, 'must be KEY=VALUE');
    return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
  };
}

/** A commander parser collecting a repeated option into a list. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** A value given on the command line as JSON when it parses as JSON (`5`, `true`, `["node"]`), as text otherwise. */
export function jsonOrText(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
