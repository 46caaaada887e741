/**
 * The version of the connector contract the clauses state, as semver. A changeset bumps it whenever a clause
 * changes: a new clause or a stricter rule is a minor bump, a rule that no longer holds a major one, a
 * rewording a patch. Reports and certificates carry it, so a certificate says which promises were checked.
 */
export const CONTRACT_VERSION = '1.4.0';
