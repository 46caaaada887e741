import { validationError } from './aws-error.js';
import type { ResolvedFakeAwsOptions } from './options.js';

/** A JSON value as the JSON protocols carry it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** A JSON object. */
export type JsonObject = { [key: string]: Json };

/** The value when it is a string. */
export const str = (value: Json | undefined): string | undefined =>
  typeof value === 'string' ? value : undefined;
/** The value when it is an object. */
export const obj = (value: Json | undefined): JsonObject | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
/** Milliseconds as the epoch seconds JSON 1.1 timestamps are. */
export const seconds = (ms: number) => ms / 1000;

/** The value, or the `ValidationException` AWS answers for a missing required member. */
export function required<T>(value: T | undefined, field: string): T {
  if (value === undefined) throw validationError(field, undefined, 'Member must not be null');
  return value;
}

/** The ARN of a resource of the fake's account. */
export function arnOf(options: ResolvedFakeAwsOptions, service: string, resource: string): string {
  return `arn:aws:${service}:${options.region}:${options.accountId}:${resource}`;
}
