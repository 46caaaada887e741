import type { ClauseReport, ConformanceReport } from './clause-report.js';
import type { ConformanceCapability } from './target.js';
import { escapeXml } from './xml.js';

/** The report formats the CLI offers. */
export type ReporterName = 'text' | 'json' | 'junit';

/** The report formats, by name. */
export const REPORTERS: readonly ReporterName[] = Object.freeze(['text', 'json', 'junit']);

const MARK: Record<ClauseReport['outcome'], string> = { passed: '✓', failed: '✗', skipped: '-' };

/** The capabilities the report judged the connector by, split into claimed and not claimed. */
export function claimedCapabilities(report: Pick<ConformanceReport, 'capabilities'>): {
  readonly claimed: ConformanceCapability[];
  readonly notClaimed: ConformanceCapability[];
} {
  const names = Object.keys(report.capabilities).sort() as ConformanceCapability[];
  return {
    claimed: names.filter((name) => report.capabilities[name]),
    notClaimed: names.filter((name) => !report.capabilities[name]),
  };
}

/** One line saying what was checked: contract and suite versions, and the certification asked for. */
export function describeRun(report: ConformanceReport): string {
  const { certify, required } = report.certification;
  const mode = certify
    ? `certifying${required.length > 0 ? `, requires ${required.join(', ')}` : ''}`
    : 'checking';
  return `contract ${report.contractVersion}, suite ${report.suiteVersion}, ${mode}`;
}

/** One clause's line, as the text report and live progress print it. */
export function formatClauseLine(clause: ClauseReport): string {
  const note = clause.outcome === 'skipped' ? ` (skipped: ${clause.reason})` : ` (${clause.durationMs} ms)`;
  return `  ${MARK[clause.outcome]} ${clause.id}: ${clause.title}${note}`;
}

/** One line per clause, the failure under each failed one, and the totals: for people. */
export function formatTextReport(report: ConformanceReport): string {
  const { claimed, notClaimed } = claimedCapabilities(report);
  const lines = [
    `Conformance of ${report.target} (${describeRun(report)})`,
    `  claims: ${claimed.join(', ') || 'no optional capability'}${notClaimed.length > 0 ? `; does not claim: ${notClaimed.join(', ')}` : ''}`,
    '',
  ];
  if (report.targetFailure) {
    lines.push(
      `  ✗ the target failed: ${report.targetFailure.call} threw ${report.targetFailure.message}`,
      '',
    );
  }
  for (const clause of report.clauses) {
    lines.push(formatClauseLine(clause));
    if (clause.failure) {
      lines.push(`      expected: ${clause.failure.expected}`);
      lines.push(`      actual:   ${clause.failure.actual}`);
      lines.push(`      call:     ${clause.failure.call}`);
    }
  }
  const { passed, failed, skipped, total } = report.summary;
  lines.push(
    '',
    `${passed} passed, ${failed} failed, ${skipped} skipped of ${total} clauses in ${report.durationMs} ms`,
  );
  if (report.interruption) {
    const { reason, cancelledJobs, unconfirmedJobs } = report.interruption;
    lines.push(`Interrupted (${reason}): ${cancelledJobs.length} job(s) of the suite cancelled or ended.`);
    if (report.interruption.teardownTimedOutAfterMs !== undefined)
      lines.push(
        `The target's teardown() did not finish within ${report.interruption.teardownTimedOutAfterMs} ms; the run ended without it.`,
      );
    if (unconfirmedJobs.length > 0)
      lines.push(`Not confirmed cancelled, may still run: ${unconfirmedJobs.join(', ')}`);
  }
  lines.push(verdict(report));
  return `${lines.join('\n')}\n`;
}

function verdict(report: ConformanceReport): string {
  if (report.interruption) return 'The run was interrupted: no verdict.';
  if (report.targetFailure) return 'The target failed: the connector could not be judged in full.';
  return report.ok
    ? 'The connector honours every clause that applies.'
    : 'The connector breaks the contract.';
}

/** The report as indented JSON: for scripts. */
export function formatJsonReport(report: ConformanceReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** The report as JUnit XML, one `testcase` per clause: for CI systems that render test results. */
export function formatJunitReport(report: ConformanceReport): string {
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const suite = escapeXml(`conformance: ${report.target}`);
  const cases = report.clauses.map((clause) => {
    const open = `    <testcase classname="${suite}" name="${escapeXml(`${clause.id}: ${clause.title}`)}" time="${seconds(clause.durationMs)}"`;
    if (clause.outcome === 'passed') return `${open}/>`;
    if (clause.outcome === 'skipped')
      return `${open}>\n      <skipped message="${escapeXml(clause.reason ?? '')}"/>\n    </testcase>`;
    const failure = clause.failure;
    const body = failure
      ? `expected: ${failure.expected}\nactual: ${failure.actual}\ncall: ${failure.call}`
      : '';
    return `${open}>\n      <failure message="${escapeXml(failure?.message ?? 'failed')}" type="ClauseFailure">${escapeXml(body)}</failure>\n    </testcase>`;
  });
  const targetFailure = report.targetFailure;
  if (targetFailure) {
    cases.unshift(
      `    <testcase classname="${suite}" name="${escapeXml(`target: ${targetFailure.call}`)}" time="0.000">\n      <error message="${escapeXml(targetFailure.message)}" type="TargetFailure">${escapeXml(`${targetFailure.call} threw ${targetFailure.message}`)}</error>\n    </testcase>`,
    );
  }
  const { failed, skipped } = report.summary;
  const total = report.summary.total + (targetFailure ? 1 : 0);
  const errors = targetFailure ? 1 : 0;
  const { claimed } = claimedCapabilities(report);
  const properties: Array<[string, string]> = [
    ['contract.version', report.contractVersion],
    ['suite.version', report.suiteVersion],
    ['target.name', report.target],
    ['target.capabilities', claimed.join(',')],
    ['certification.certify', String(report.certification.certify)],
    ['certification.required', report.certification.required.join(',')],
  ];
  if (report.interruption) {
    properties.push(
      ['interruption.reason', report.interruption.reason],
      ['interruption.unconfirmedJobs', report.interruption.unconfirmedJobs.join(',')],
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="neural-conformance" tests="${total}" failures="${failed}" errors="${errors}" skipped="${skipped}" time="${seconds(report.durationMs)}">`,
    `  <testsuite name="${suite}" tests="${total}" failures="${failed}" errors="${errors}" skipped="${skipped}" time="${seconds(report.durationMs)}" timestamp="${report.startedAt}">`,
    '    <properties>',
    ...properties.map(
      ([name, value]) => `      <property name="${escapeXml(name)}" value="${escapeXml(value)}"/>`,
    ),
    '    </properties>',
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** Formats a report with the named reporter. */
export function formatReport(report: ConformanceReport, reporter: ReporterName): string {
  if (reporter === 'json') return formatJsonReport(report);
  if (reporter === 'junit') return formatJunitReport(report);
  return formatTextReport(report);
}
