import { Redactor } from '@neural/integrations-core';
import { credentialSecrets } from './context.js';
import type { ConformanceTarget } from './target.js';

/** Which of the target's own functions failed: before any clause could run, or after the last one. */
export type TargetPhase = 'setup' | 'create' | 'teardown';

/** What the report says when the target itself fails: the call, and what it threw, credentials redacted. */
export interface TargetFailure {
  /** Which part of the target failed. */
  readonly phase: TargetPhase;
  /** The call, e.g. `target.create(credentials.valid)`. */
  readonly call: string;
  /** What it threw (`Name [code]: message`), with every credential value of the target replaced. */
  readonly message: string;
}

/**
 * The target's `setup()`, `create()` or `teardown()` threw. Its message is redacted of the target's
 * credentials, valid and invalid alike; the original error is deliberately not kept as `cause`, since
 * `util.inspect` would print it raw.
 */
export class ConformanceTargetError extends Error {
  /** The failure, as reports show it. */
  readonly failure: TargetFailure;
  constructor(failure: TargetFailure) {
    super(`${failure.call} threw ${failure.message}`);
    this.name = 'ConformanceTargetError';
    this.failure = failure;
  }
}

/** The redactor for everything a target's own code may put in an error: all its credential values. */
export function targetRedactor(target: Pick<ConformanceTarget, 'credentials'>): Redactor {
  const credentials = target.credentials as { valid?: unknown; invalid?: unknown };
  return new Redactor([...credentialSecrets(credentials.valid), ...credentialSecrets(credentials.invalid)]);
}

/** Describes what a target's function threw, redacted; never includes a stack. */
export function describeTargetFailure(
  target: Pick<ConformanceTarget, 'credentials'>,
  phase: TargetPhase,
  call: string,
  error: unknown,
): TargetFailure {
  let text: string;
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    text = `${error.name}${typeof code === 'string' ? ` [${code}]` : ''}: ${error.message}`;
  } else {
    text = `a non-error value: ${String(error)}`;
  }
  return Object.freeze({ phase, call, message: targetRedactor(target).redactText(text) });
}

/** Runs one of the target's functions; what it throws becomes a redacted {@link ConformanceTargetError}. */
export async function callTarget<T>(
  target: Pick<ConformanceTarget, 'credentials'>,
  phase: TargetPhase,
  call: string,
  run: () => T | Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new ConformanceTargetError(describeTargetFailure(target, phase, call, error));
  }
}
