import type { ConnectorCapabilities } from '@neural/integrations-core';
import { CONFORMANCE_CLAUSES, type ConformanceReport } from '../../src/index.js';

/**
 * The ids of the clauses skipped because the connector does not claim a capability they require, with the
 * runner's reason: computed from the clauses, so a new optional clause needs no edit to every expectation.
 */
export function unclaimedSkips(capabilities: ConnectorCapabilities): Record<string, string> {
  const skips: Record<string, string> = {};
  for (const clause of CONFORMANCE_CLAUSES) {
    const missing = (clause.requires ?? []).filter((capability) => !capabilities[capability]);
    if (missing.length > 0)
      skips[clause.id] =
        `the connector does not claim ${missing.map((name) => `capabilities.${name}`).join(' and ')}`;
  }
  // The clause about unclaimed methods has nothing to judge when every optional method is claimed.
  if (Object.entries(capabilities).every(([, claimed]) => claimed))
    skips['optional.unclaimed-not-supported'] = 'the connector claims every optional method';
  return skips;
}

/** Each skipped clause of a report, with its reason. */
export function skipsOf(report: ConformanceReport): Record<string, string | undefined> {
  return Object.fromEntries(
    report.clauses
      .filter((clause) => clause.outcome === 'skipped')
      .map((clause) => [clause.id, clause.reason]),
  );
}
