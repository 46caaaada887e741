// What `new MockConnector(options)` takes, the schema that checks it, and the settings it resolves to.
import {
  type Clock,
  type ConnectorOptions,
  connectorOptionFields,
  type Logger,
  parseOrThrow,
  strictOptions,
  systemClock,
} from '@neural/integrations-core';
import { z } from 'zod';
import type { ApiKeyRules, MockCredentials } from './api-keys.js';
import { MOCK_METHODS } from './mock-methods.js';
import type { MockOverride, MockOverrides } from './overrides.js';

/** The capacity `getResourceUsage` reports against. */
export interface MockCapacity {
  /** GPUs in the mock platform. Default 8. */
  totalGpus?: number;
  /** CPUs in the mock platform. Default 64. */
  totalCpus?: number;
  /** Memory in the mock platform, in GB. Default 512. */
  memoryGb?: number;
}

/** What `new MockConnector(options)` takes; every field is optional. */
export interface MockConnectorOptions extends ConnectorOptions {
  /** The credentials (`{ apiKey }`); optional, as a mock needs none. */
  credentials?: MockCredentials | undefined;
  /** When set, only this key is accepted: `authenticate()` returns `false` and other calls throw `AuthenticationError` for any other. */
  acceptApiKey?: string | undefined;
  /** When set, this key is refused (and every other accepted). */
  invalidApiKey?: string | undefined;
  /** Where time is read and waited on. Default `systemClock`; tests pass `createManualClock()`. */
  clock?: Clock | undefined;
  /** How long a job stays PENDING, unless its code says `# @fake queue=…`. Default 100 ms. */
  queueMs?: number | undefined;
  /** How long a job runs, unless its code says `# @fake duration=…`. Default 2 000 ms. */
  durationMs?: number | undefined;
  /** Per-method overrides: see {@link MockOverride}. */
  overrides?: MockOverrides | undefined;
  /** The capacity `getResourceUsage()` reports against. */
  capacity?: MockCapacity | undefined;
  /** Where the connector logs its operations (silent by default). */
  logger?: Logger | undefined;
}

const nonNegativeMs = (what: string) =>
  z
    .number({ error: `must be a number of milliseconds ${what}` })
    .int('must be a whole number of milliseconds')
    .nonnegative('must not be negative')
    .optional();
const positiveWhole = z.number().int('must be a whole number').nonnegative('must not be negative').optional();

const MockConnectorOptionsSchema = strictOptions({
  credentials: strictOptions({
    apiKey: z.string().min(1, 'must be a non-empty string').optional(),
  }).optional(),
  acceptApiKey: z.string().min(1, 'must be a non-empty string').optional(),
  invalidApiKey: z.string().min(1, 'must be a non-empty string').optional(),
  clock: connectorOptionFields.clock,
  queueMs: nonNegativeMs('to stay pending'),
  durationMs: nonNegativeMs('to run'),
  overrides: strictOptions(
    Object.fromEntries(MOCK_METHODS.map((m) => [m, z.unknown().optional()])),
  ).optional(),
  capacity: strictOptions({
    totalGpus: positiveWhole,
    totalCpus: positiveWhole,
    memoryGb: z.number().nonnegative().optional(),
  }).optional(),
  logger: connectorOptionFields.logger,
});

/** The options with their defaults filled in (the defaults of `@neural/fake-platform`). */
export interface MockSettings extends ApiKeyRules {
  readonly credentials: MockCredentials;
  readonly clock: Clock;
  readonly queueMs: number;
  readonly durationMs: number;
  readonly capacity: Required<MockCapacity>;
}

/**
 * Checks `options` and fills in the defaults.
 *
 * @throws InvalidParameterError naming every bad option (values redacted: they may be keys).
 */
export function resolveMockSettings(options: MockConnectorOptions): MockSettings {
  const parsed = parseOrThrow(MockConnectorOptionsSchema, options, 'MockConnector options', {
    redactValues: true,
  });
  return {
    credentials: parsed.credentials ?? {},
    clock: parsed.clock ?? systemClock,
    queueMs: parsed.queueMs ?? 100,
    durationMs: parsed.durationMs ?? 2_000,
    acceptApiKey: parsed.acceptApiKey,
    invalidApiKey: parsed.invalidApiKey,
    capacity: {
      totalGpus: parsed.capacity?.totalGpus ?? 8,
      totalCpus: parsed.capacity?.totalCpus ?? 64,
      memoryGb: parsed.capacity?.memoryGb ?? 512,
    },
  };
}
