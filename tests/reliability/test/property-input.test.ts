/**
 * Bad input, everywhere (values): ResourceConfig, MockConnector's submitJob/listJobs and conformance targets
 * either accept a generated value or throw `InvalidParameterError` naming the field, and throw nothing else.
 * The connectors that talk to a platform are in property-connectors.test.ts.
 */
import { defineConformanceTarget } from '@neural/connector-conformance';
import { MockConnector } from '@neural/connector-mock';
import { ResourceConfig, type SubmitJobRequest } from '@neural/integrations-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkListJobs,
  checkSubmit,
  jsonValue,
  resourceConfigInput,
  resourceConfigOracle,
  topField,
} from './support/input-properties.js';
import { anyValue, FC_SEED, fieldValue, partialRecord, runs } from './support/properties.js';

describe('ResourceConfig', () => {
  it('accepts a value exactly when every field keeps its rule, and names exactly the fields that break one', () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(resourceConfigInput, (input) => {
        const oracle = resourceConfigOracle(input);
        let config: ResourceConfig | undefined;
        let error: unknown;
        try {
          config = new ResourceConfig(input as never);
        } catch (caught) {
          error = caught;
        }
        if (oracle === 'not-an-object') {
          expect(config, 'a value that is not an object is refused').toBeUndefined();
          expect(error).toBeInstanceOf(Error);
          expect((error as Error).name).toBe('InvalidParameterError');
          rejected++;
          return;
        }
        const bad = [...oracle].filter(([, verdict]) => verdict === 'bad').map(([key]) => key);
        const either = [...oracle].filter(([, verdict]) => verdict === 'either').map(([key]) => key);
        if (config) {
          expect(bad, 'accepted although these fields break their rules').toEqual([]);
          // What was accepted survives its own plain form unchanged.
          expect(new ResourceConfig(config.toJSON())).toEqual(config);
          accepted++;
          return;
        }
        expect((error as Error).name, String(error)).toBe('InvalidParameterError');
        const issues = (error as { issues: { field: string }[] }).issues;
        const keys = Object.keys(input as object);
        const named = new Set(issues.map((issue) => topField(issue.field, keys)));
        expect(named.has(undefined), `an issue names a field the input does not have: ${String(error)}`).toBe(
          false,
        );
        for (const key of bad) expect(named.has(key), `${key} is not named in ${String(error)}`).toBe(true);
        for (const key of named) expect([...bad, ...either], `${String(key)} named but valid`).toContain(key);
        rejected++;
      }),
      { numRuns: runs(5000), seed: FC_SEED },
    );
    // A generator that only ever produced one verdict would prove half the property.
    expect(accepted).toBeGreaterThan(200);
    expect(rejected).toBeGreaterThan(200);
  });
});

describe('MockConnector', () => {
  it('submitJob: accepted or InvalidParameterError naming the field; a rejected request makes no job', async () => {
    // A fresh connector per case: the same generated key given to two different requests is refused by design.
    let connector = new MockConnector({ queueMs: 1_000_000 });
    await checkSubmit(
      {
        prepare: () => {
          connector = new MockConnector({ queueMs: 1_000_000 });
        },
        submit: (request) => connector.submitJob(request as SubmitJobRequest),
        sent: async () => (await connector.listJobs({ limit: 1000 })).length,
        mayAlsoRefuse: [],
      },
      runs(3000),
    );
  });

  it('listJobs: options accepted or refused exactly as core parses them', async () => {
    const connector = new MockConnector();
    await checkListJobs(
      (options) => connector.listJobs(options as never),
      // The mock has no platform to send to; its call log records refused calls too, by design.
      () => 0,
      runs(2000),
    );
  });
});

describe('defineConformanceTarget', () => {
  const good = {
    name: fc.string({ minLength: 1, maxLength: 20 }).filter((name) => name.trim().length > 0),
    create: fc.constant(() => new MockConnector()),
    credentials: fc.record({ valid: jsonValue.filter((v) => v !== undefined), invalid: jsonValue }),
    jobs: fc.constant({
      succeeds: { code: 'print(1)', expectedOutput: '1' },
      fails: { code: 'raise SystemExit(1)' },
      runsLong: { code: 'sleep(60)' },
    }),
    capabilities: fc.record({ followLogs: fc.boolean(), idempotency: fc.boolean() }, { requiredKeys: [] }),
    unknownJobId: fc.string({ minLength: 1, maxLength: 20 }),
    timing: fc.record(
      {
        jobTimeoutMs: fc.integer({ min: 1, max: 10_000 }),
        pollIntervalMs: fc.integer({ min: 1, max: 1000 }),
      },
      { requiredKeys: [] },
    ),
  };
  const target = fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .tuple(
          fc.record({
            name: fieldValue(good.name),
            create: fieldValue(good.create),
            credentials: fieldValue(good.credentials),
            jobs: fieldValue(good.jobs),
          }),
          partialRecord(
            {
              capabilities: fieldValue(good.capabilities),
              unknownJobId: fieldValue(good.unknownJobId),
              timing: fieldValue(good.timing),
            },
            ['clauses', 'setUp'],
          ),
        )
        .map(([required, optional]) => ({ ...optional, ...required })),
    },
    { weight: 1, arbitrary: anyValue },
  );

  it('accepts a target or names the field it gets wrong; never calls create() while checking', () => {
    let accepted = 0;
    let created = 0;
    fc.assert(
      fc.property(target, (value) => {
        const spied =
          value !== null &&
          typeof value === 'object' &&
          typeof (value as { create?: unknown }).create === 'function'
            ? {
                ...(value as object),
                create: () => {
                  created++;
                  return new MockConnector();
                },
              }
            : value;
        let error: unknown;
        try {
          defineConformanceTarget(spied as never);
          accepted++;
        } catch (caught) {
          error = caught;
        }
        if (error === undefined) return;
        expect((error as Error).name, String(error)).toBe('InvalidParameterError');
        const issues = (error as { issues: { field: string }[] }).issues;
        expect(issues.length).toBeGreaterThan(0);
        if (spied !== null && typeof spied === 'object' && !Array.isArray(spied)) {
          const keys = Object.keys(spied);
          for (const issue of issues) {
            const top = topField(issue.field, keys) ?? (issue.field.split('.')[0] as string);
            // A missing required field is named although the input does not have it.
            expect([...keys, 'name', 'create', 'credentials', 'jobs', ''], issue.field).toContain(top);
          }
        }
      }),
      { numRuns: runs(3000), seed: FC_SEED },
    );
    expect(accepted).toBeGreaterThan(50);
    expect(created, 'validating a target must not make a connector').toBe(0);
  });
});
