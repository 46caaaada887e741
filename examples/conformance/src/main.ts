import { type ConformanceReport, formatTextReport, runConformance } from '@neural/connector-conformance';
import { httpInProcessTarget, httpSocketTarget, mockTarget } from './targets.js';

/** Runs the conformance suite against every reference connector and prints each report. */
export async function run(print: (text: string) => void = console.log): Promise<ConformanceReport[]> {
  const reports: ConformanceReport[] = [];
  for (const target of [mockTarget(), httpInProcessTarget(), httpSocketTarget()]) {
    const report = await runConformance(target);
    print(formatTextReport(report));
    reports.push(report);
  }
  const failed = reports.filter((report) => !report.ok).map((report) => report.target);
  print(
    failed.length === 0
      ? `All ${reports.length} reference connectors honour the contract.`
      : `Failing: ${failed.join(', ')}`,
  );
  return reports;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const reports = await run();
  process.exitCode = reports.every((report) => report.ok) ? 0 : 1;
}
