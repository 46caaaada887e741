/** Checks that a benchmark's figures are well formed: numbers that were measured, never absolute times. */
import { expect } from 'vitest';

/** Every number in `value` (deeply) is finite; `positive` paths must also be above zero. */
export function expectFinite(value: unknown, path = 'figures'): void {
  if (typeof value === 'number') {
    expect(Number.isFinite(value), `${path} is ${value}`).toBe(true);
    return;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) expectFinite(item, `${path}[${i}]`);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) expectFinite(item, `${path}.${key}`);
  }
}

/** `value` is a measured quantity: finite and above zero. */
export function expectMeasured(value: number, name: string): void {
  expect(Number.isFinite(value) && value > 0, `${name} is ${value}`).toBe(true);
}
