import { inspect } from 'node:util';
import { SECRET_FIELD_PATTERN } from '@neural/integrations-core';

const MAX_ARG_LENGTH = 60;

/** Every string a target's credentials hold under a secret-looking key (or the credentials themselves). */
export function credentialSecrets(credentials: unknown): string[] {
  const secrets: string[] = [];
  const visit = (value: unknown, secretKey: boolean) => {
    if (typeof value === 'string') {
      if (secretKey && value.length >= 4) secrets.push(value);
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item, secretKey);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value))
        visit(child, secretKey || SECRET_FIELD_PATTERN.test(key));
    }
  };
  visit(credentials, typeof credentials === 'string');
  return [...new Set(secrets)];
}

/** `text` with every one of `secrets` scrubbed, so a failure message never shows one. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('[REDACTED]');
  return out;
}

/** A short rendering of a value for a failure message, passed through `redact`. */
export function describeValue(value: unknown, redact: (text: string) => string): string {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return redact(`${value.name}${typeof code === 'string' ? ` [${code}]` : ''}: ${value.message}`);
  }
  if (typeof value === 'string') {
    return redact(
      JSON.stringify(value.length > MAX_ARG_LENGTH ? `${value.slice(0, MAX_ARG_LENGTH)}…` : value),
    );
  }
  if (value instanceof AbortSignal) return value.aborted ? '<aborted signal>' : '<signal>';
  if (typeof value === 'function') return '<function>';
  if (value === undefined) return 'undefined';
  let text: string;
  try {
    text = inspect(withSignalsShort(value), {
      depth: 2,
      breakLength: Number.POSITIVE_INFINITY,
      maxStringLength: MAX_ARG_LENGTH,
    });
  } catch {
    text = String(value);
  }
  return redact(text.length > 200 ? `${text.slice(0, 200)}…` : text);
}

/** A copy of a plain object with its signals shown as `<signal>`: an AbortSignal's internals say nothing. */
function withSignalsShort(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype)
    return value;
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    copy[key] =
      child instanceof AbortSignal
        ? { [inspect.custom]: () => (child.aborted ? '<aborted signal>' : '<signal>') }
        : child;
  }
  return copy;
}
