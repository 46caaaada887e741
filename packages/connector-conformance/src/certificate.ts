import { InvalidParameterError, parseOrThrow } from '@neural/integrations-core';
import { z } from 'zod';
import type { ConformanceReport } from './clause-report.js';
import { SEMVER_PATTERN } from './suite-version.js';

const semver = z.string().regex(SEMVER_PATTERN, 'must be a semantic version (major.minor.patch)');
const isoDate = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date and time' });
const count = z.number().int().min(0);

const CertifiedClauseSchema = z.strictObject({
  id: z.string().min(1),
  title: z.string().min(1),
  outcome: z.enum(['passed', 'failed', 'skipped']),
  /** Why the clause did not apply (skipped clauses only). */
  reason: z.string().min(1).optional(),
  /** What broke, naming the clause, expected, actual and the call (failed clauses only). */
  failure: z.string().min(1).optional(),
  durationMs: z.number().min(0),
});

/**
 * The zod schema of a conformance certificate, the machine-readable record `neural-conformance --certify
 * --certificate <file>` writes: which contract version a connector was held to, by which suite, each clause's
 * outcome (with the reason of every skip), when, and where. Parse a certificate you read back with it.
 */
export const ConformanceCertificateSchema = z
  .strictObject({
    format: z.literal('neural-conformance-certificate'),
    formatVersion: z.literal(1),
    /** `passed` when every clause that applies passed, nothing required was skipped and the target worked. */
    verdict: z.enum(['passed', 'failed']),
    contract: z.strictObject({ version: semver }),
    suite: z.strictObject({ name: z.literal('@neural/connector-conformance'), version: semver }),
    target: z.strictObject({
      name: z.string().min(1),
      /** Every capability, and whether the connector claims it. */
      capabilities: z.record(z.string(), z.boolean()),
    }),
    /** The capabilities the certification required: none of their clauses may be skipped. */
    required: z.array(z.string().min(1)),
    clauses: z.array(CertifiedClauseSchema).min(1, 'must list the clauses'),
    summary: z.strictObject({ passed: count, failed: count, skipped: count, total: count }),
    targetFailure: z
      .strictObject({ phase: z.enum(['setup', 'create', 'teardown']), call: z.string(), message: z.string() })
      .optional(),
    interruption: z
      .strictObject({
        reason: z.string(),
        cancelledJobs: z.array(z.string()),
        unconfirmedJobs: z.array(z.string()),
      })
      .optional(),
    /** When the run started, and when the certificate was issued (ISO 8601). */
    startedAt: isoDate,
    issuedAt: isoDate,
    durationMs: z.number().min(0),
    environment: z.strictObject({
      node: z.string().regex(/^v\d+\.\d+\.\d+/, 'must be a Node.js version such as v20.19.0'),
      platform: z.string().min(1),
      arch: z.string().min(1),
    }),
  })
  .superRefine((certificate, context) => {
    const { clauses, summary } = certificate;
    const tally = (outcome: string) => clauses.filter((clause) => clause.outcome === outcome).length;
    if (
      summary.total !== clauses.length ||
      summary.passed !== tally('passed') ||
      summary.failed !== tally('failed') ||
      summary.skipped !== tally('skipped')
    ) {
      context.addIssue({ code: 'custom', path: ['summary'], message: 'must count the clauses listed' });
    }
    clauses.forEach((clause, index) => {
      if (clause.outcome === 'skipped' && !clause.reason)
        context.addIssue({
          code: 'custom',
          path: ['clauses', index, 'reason'],
          message: 'a skip needs its reason',
        });
      if (clause.outcome === 'failed' && !clause.failure)
        context.addIssue({
          code: 'custom',
          path: ['clauses', index, 'failure'],
          message: 'a failure needs its message',
        });
    });
    const passed = tally('failed') === 0 && !certificate.targetFailure && !certificate.interruption;
    if ((certificate.verdict === 'passed') !== passed) {
      context.addIssue({
        code: 'custom',
        path: ['verdict'],
        message: `must be "${passed ? 'passed' : 'failed'}" for these clauses, target failure and interruption`,
      });
    }
  });

/** A conformance certificate; see {@link ConformanceCertificateSchema}. */
export type ConformanceCertificate = z.output<typeof ConformanceCertificateSchema>;

/** Where a certificate was made: the Node.js version, the platform and the architecture. */
export interface CertificateEnvironment {
  readonly node: string;
  readonly platform: string;
  readonly arch: string;
}

/**
 * The certificate of a certifying run (`runConformance(target, { certify: true })`).
 *
 * @throws InvalidParameterError when the run did not certify: a partial or unrequired run proves less than a
 * certificate claims.
 */
export function createCertificate(
  report: ConformanceReport,
  options: { issuedAt?: Date; environment?: CertificateEnvironment } = {},
): ConformanceCertificate {
  if (!report.certification.certify) {
    throw InvalidParameterError.fromIssues('certificate report', [
      {
        field: 'certification.certify',
        rule: 'must be true: only a certifying run (certify: true) is certified',
      },
    ]);
  }
  const environment = options.environment ?? {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
  };
  const certificate = {
    format: 'neural-conformance-certificate',
    formatVersion: 1,
    verdict: report.ok ? 'passed' : 'failed',
    contract: { version: report.contractVersion },
    suite: { name: '@neural/connector-conformance', version: report.suiteVersion },
    target: { name: report.target, capabilities: { ...report.capabilities } },
    required: [...report.certification.required],
    clauses: report.clauses.map((clause) => ({
      id: clause.id,
      title: clause.title,
      outcome: clause.outcome,
      ...(clause.reason ? { reason: clause.reason } : {}),
      ...(clause.failure ? { failure: clause.failure.message } : {}),
      durationMs: clause.durationMs,
    })),
    summary: { ...report.summary },
    ...(report.targetFailure ? { targetFailure: { ...report.targetFailure } } : {}),
    ...(report.interruption
      ? {
          interruption: {
            reason: report.interruption.reason,
            cancelledJobs: [...report.interruption.cancelledJobs],
            unconfirmedJobs: [...report.interruption.unconfirmedJobs],
          },
        }
      : {}),
    startedAt: report.startedAt,
    issuedAt: (options.issuedAt ?? new Date()).toISOString(),
    durationMs: report.durationMs,
    environment: { node: environment.node, platform: environment.platform, arch: environment.arch },
  };
  return parseCertificate(certificate);
}

/**
 * Validates a certificate read back from a file (already `JSON.parse`d).
 *
 * @throws InvalidParameterError naming every field that breaks the schema.
 */
export function parseCertificate(value: unknown): ConformanceCertificate {
  return parseOrThrow(ConformanceCertificateSchema, value, 'conformance certificate');
}

/** The certificate as the file holds it: indented JSON. */
export function formatCertificate(certificate: ConformanceCertificate): string {
  return `${JSON.stringify(certificate, null, 2)}\n`;
}
