import { readFileSync } from 'node:fs';
import { InvalidParameterError } from '@neural/integrations-core';
import { describe, expect, it } from 'vitest';
import {
  CONFORMANCE_CLAUSES,
  CONTRACT_VERSION,
  formatJunitReport,
  formatTextReport,
  runConformance,
  SEMVER_PATTERN,
} from '../src/index.js';
import { RequiredOnlyConnector } from './support/required-only.js';
import { memoryTarget } from './support/target.js';

const ownVersion = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
const followLogsClauses = CONFORMANCE_CLAUSES.filter((clause) => clause.requires?.includes('followLogs')).map(
  (clause) => clause.id,
);
const requiredOnly = () =>
  memoryTarget((credentials, platform) => new RequiredOnlyConnector(credentials, platform), {
    name: 'required methods only',
  });

describe('every report says what was checked', () => {
  it('carries the contract version, the suite version, the target and its claims in every format', async () => {
    const report = await runConformance(memoryTarget(), { only: ['auth.valid-credentials'] });
    expect(report.contractVersion).toBe(CONTRACT_VERSION);
    expect(CONTRACT_VERSION).toMatch(SEMVER_PATTERN);
    expect(report.suiteVersion).toBe(ownVersion);
    expect(report.target).toBe('in-memory reference');
    expect(report.capabilities.followLogs).toBe(true);
    const text = formatTextReport(report);
    expect(text).toContain(`contract ${CONTRACT_VERSION}, suite ${ownVersion}, checking`);
    expect(text).toMatch(/claims: .*followLogs/);
    const junit = formatJunitReport(report);
    expect(junit).toContain(`<property name="contract.version" value="${CONTRACT_VERSION}"/>`);
    expect(junit).toContain(`<property name="suite.version" value="${ownVersion}"/>`);
    expect(junit).toContain('<property name="target.name" value="in-memory reference"/>');
    expect(junit).toMatch(/<property name="target.capabilities" value="[^"]*followLogs/);
  });
});

describe('certification', () => {
  it('fails a clause skipped for a required capability the connector does not claim', async () => {
    expect(followLogsClauses.length).toBeGreaterThan(0);
    const report = await runConformance(requiredOnly(), { require: ['followLogs'] });
    expect(report.certification).toEqual({ certify: true, required: ['followLogs'] });
    expect(report.ok).toBe(false);
    for (const id of followLogsClauses) {
      const clause = report.clauses.find((entry) => entry.id === id);
      expect(clause?.outcome).toBe('failed');
      expect(clause?.failure?.expected).toBe(
        'the clause to run: the certification requires capabilities.followLogs',
      );
      expect(clause?.failure?.actual).toContain(
        'it was skipped (the connector does not claim capabilities.followLogs',
      );
    }
    // A capability that is not required still only skips its clauses.
    const uploadClauses = CONFORMANCE_CLAUSES.filter((clause) => clause.requires?.includes('uploadFile'));
    expect(uploadClauses.length).toBeGreaterThan(0);
    for (const { id } of uploadClauses) {
      expect(report.clauses.find((entry) => entry.id === id)?.outcome).toBe('skipped');
    }
  });

  it('leaves the same clauses skipped, and the run passing, when nothing is required', async () => {
    const report = await runConformance(requiredOnly(), { certify: true });
    expect(report.certification).toEqual({ certify: true, required: [] });
    for (const id of followLogsClauses) {
      expect(report.clauses.find((entry) => entry.id === id)?.outcome).toBe('skipped');
    }
    expect(report.summary.failed).toBe(0);
  });

  it('refuses a partial certification and a capability that does not exist, before running anything', async () => {
    let created = 0;
    const target = memoryTarget((credentials, platform) => {
      created += 1;
      return new RequiredOnlyConnector(credentials, platform);
    });
    await expect(runConformance(target, { certify: true, only: ['auth.'] })).rejects.toThrow(
      /only: cannot be used when certifying/,
    );
    await expect(runConformance(target, { require: ['followLog' as 'followLogs'] })).rejects.toThrow(
      InvalidParameterError,
    );
    await expect(runConformance(target, { require: ['followLog' as 'followLogs'] })).rejects.toThrow(
      /require\.0: must name capabilities among/,
    );
    expect(created).toBe(0);
  });
});
