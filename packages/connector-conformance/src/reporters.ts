import type { ClauseReport, ConformanceReport } from './runner.js';

/** The report formats the CLI offers. */
export type ReporterName = 'text' | 'json' | 'junit';

/** The report formats, by name. */
export const REPORTERS: readonly ReporterName[] = Object.freeze(['text', 'json', 'junit']);

const MARK: Record<ClauseReport['outcome'], string> = { passed: '✓', failed: '✗', skipped: '-' };

/** One line per clause, the failure under each failed one, and the totals: for people. */
export function formatTextReport(report: ConformanceReport): string {
  const lines = [`Conformance of ${report.target}`, ''];
  for (const clause of report.clauses) {
    const note = clause.outcome === 'skipped' ? ` (skipped: ${clause.reason})` : ` (${clause.durationMs} ms)`;
    lines.push(`  ${MARK[clause.outcome]} ${clause.id}: ${clause.title}${note}`);
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
  lines.push(
    report.ok ? 'The connector honours every clause that applies.' : 'The connector breaks the contract.',
  );
  return `${lines.join('\n')}\n`;
}

/** The report as indented JSON: for scripts. */
export function formatJsonReport(report: ConformanceReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function escapeXml(text: string): string {
  return (
    text
      // Characters XML 1.0 cannot hold at all are dropped rather than producing an unparsable file.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping exactly those characters
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
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
  const { failed, skipped, total } = report.summary;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="neural-conformance" tests="${total}" failures="${failed}" skipped="${skipped}" time="${seconds(report.durationMs)}">`,
    `  <testsuite name="${suite}" tests="${total}" failures="${failed}" errors="0" skipped="${skipped}" time="${seconds(report.durationMs)}" timestamp="${report.startedAt}">`,
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
