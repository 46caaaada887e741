import { type Clock, InvalidParameterError, parseOrThrow } from '@neural/integrations-core';
import { z } from 'zod';
import type { ConformanceCapability } from './target.js';

const CAPABILITY_SET = {
  deployModel: true,
  deleteEndpoint: true,
  uploadFile: true,
  downloadFile: true,
  getResourceUsage: true,
  followLogs: true,
  idempotency: true,
  waitForStatusChange: true,
} satisfies Record<ConformanceCapability, true>;

/** Every capability a clause can depend on, and so every name `--require` accepts. */
export const CONFORMANCE_CAPABILITIES: readonly ConformanceCapability[] = Object.freeze(
  Object.keys(CAPABILITY_SET) as ConformanceCapability[],
);

const positiveMs = z
  .number({ error: 'must be a number of milliseconds' })
  .int('must be a whole number')
  .positive('must be greater than 0')
  .optional();

/** Core's `Clock`, as an option: anything with `now()` and `sleep(ms, signal)`. */
export const ClockOptionSchema = z
  .custom<Clock>(
    (value) =>
      typeof value === 'object' &&
      value !== null &&
      typeof (value as Partial<Clock>).now === 'function' &&
      typeof (value as Partial<Clock>).sleep === 'function',
    { message: 'must be a Clock: an object with now() and sleep(ms, signal)' },
  )
  .optional();

const RunOptionsSchema = z.object({
  only: z.array(z.string()).readonly().optional(),
  skip: z.array(z.string()).readonly().optional(),
  certify: z.boolean({ error: 'must be true or false' }).optional(),
  require: z
    .array(
      z.enum(CONFORMANCE_CAPABILITIES as [ConformanceCapability, ...ConformanceCapability[]], {
        error: `must name capabilities among ${CONFORMANCE_CAPABILITIES.join(', ')}`,
      }),
    )
    .readonly()
    .optional(),
  stallNoticeMs: positiveMs,
  cancelTimeoutMs: positiveMs,
  teardownTimeoutMs: positiveMs,
  clock: ClockOptionSchema,
});

/** What certification asks of a run, resolved from the options. */
export interface Certification {
  /** Whether the run certifies: the whole contract, required capabilities enforced. */
  readonly certify: boolean;
  /** The capabilities whose clauses must not be skipped. */
  readonly required: readonly ConformanceCapability[];
}

/**
 * Checks the options that have rules beyond their types, and resolves certification: `require` implies
 * `certify`, and a certifying run covers the whole contract, so `only` and `skip` are refused with it.
 *
 * @throws InvalidParameterError naming the option and the rule.
 */
export function resolveCertification(options: {
  only?: readonly string[] | undefined;
  skip?: readonly string[] | undefined;
  certify?: boolean | undefined;
  require?: readonly ConformanceCapability[] | undefined;
  stallNoticeMs?: number | undefined;
  cancelTimeoutMs?: number | undefined;
  teardownTimeoutMs?: number | undefined;
  clock?: Clock | undefined;
}): Certification {
  parseOrThrow(RunOptionsSchema, options, 'conformance options');
  const required = [...new Set(options.require ?? [])];
  const certify = options.certify === true || required.length > 0;
  if (certify) {
    for (const field of ['only', 'skip'] as const) {
      if ((options[field]?.length ?? 0) > 0) {
        throw InvalidParameterError.fromIssues('conformance options', [
          { field, rule: 'cannot be used when certifying: a certificate covers the whole contract' },
        ]);
      }
    }
  }
  return Object.freeze({ certify, required: Object.freeze(required) });
}
