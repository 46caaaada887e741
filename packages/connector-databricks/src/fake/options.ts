import { millisecondsSchema, probabilitySchema } from '@neural/fake-platform';
import { type Clock, parseOrThrow, systemClock } from '@neural/integrations-core';
import { z } from 'zod';

/** The faults the fake workspace can inject. */
export const FAKE_FAULT_KINDS = [
  'rate-limit',
  'internal',
  'unavailable',
  'drop-before',
  'drop-after',
  'token-expired',
] as const;

/**
 * One kind of injected fault:
 * - `rate-limit`: `429 REQUEST_LIMIT_EXCEEDED` with `Retry-After`, nothing done;
 * - `internal` / `unavailable`: `500 INTERNAL_ERROR` / `503 TEMPORARILY_UNAVAILABLE`, nothing done;
 * - `drop-before`: the connection drops before the workspace acted;
 * - `drop-after`: the workspace acted (a run is submitted) and then the connection drops: the lost answer;
 * - `token-expired`: the caller's OAuth token expires now (`401`); requests with a personal access token skip it.
 */
export type FakeFaultKind = (typeof FAKE_FAULT_KINDS)[number];

const kinds = z.array(z.enum(FAKE_FAULT_KINDS)).min(1, 'must name at least one fault kind');

/** The zod schema of {@link FakeDatabricksOptions}. */
export const FakeDatabricksOptionsSchema = z.strictObject({
  endpoint: z.url({ error: 'must be an absolute URL' }).optional(),
  token: z.string().min(1).optional(),
  clientId: z.string().min(1).optional(),
  clientSecret: z.string().min(1).optional(),
  tokenLifetimeSeconds: z.number().int().positive().optional(),
  clock: z
    .custom<Clock>(
      (value) => typeof value === 'object' && value !== null && typeof (value as Clock).now === 'function',
      'must be a Clock',
    )
    .optional(),
  queueMs: millisecondsSchema.optional(),
  pendingMs: millisecondsSchema.optional(),
  runMs: millisecondsSchema.optional(),
  terminatingMs: millisecondsSchema.optional(),
  endpointReadyMs: millisecondsSchema.optional(),
  existingClusters: z.array(z.string().min(1)).optional(),
  maxRecordedExchanges: z.number().int().min(0).optional(),
  faults: z
    .strictObject({
      rate: probabilitySchema.optional(),
      kinds: kinds.optional(),
      seed: z.number().int().optional(),
      retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
      routes: z
        .record(z.string(), z.strictObject({ rate: probabilitySchema.optional(), kinds: kinds.optional() }))
        .optional(),
    })
    .optional(),
});

/**
 * How the fake workspace behaves. Every field has a default; times are on `clock` (inject a manual clock to
 * step a run through its life cycle without waiting).
 */
export interface FakeDatabricksOptions {
  /** The workspace URL the handlers answer on. Default `https://fake-workspace.cloud.databricks.com`. */
  endpoint?: string | undefined;
  /** The personal access token it accepts. Default `dapi-fake-workspace-token`. */
  token?: string | undefined;
  /** The OAuth service principal it accepts. Default `fake-service-principal`. */
  clientId?: string | undefined;
  /** Its secret. Default `dose-fake-service-principal-secret`. */
  clientSecret?: string | undefined;
  /** How long an OAuth token lives. Default 3600. */
  tokenLifetimeSeconds?: number | undefined;
  /** Where time is read. Default: the system clock. */
  clock?: Clock | undefined;
  /** How long a run is `QUEUED` (unless its code says `# @fake queue=…`). Default 0. */
  queueMs?: number | undefined;
  /** How long a run is `PENDING` while its cluster starts (`# @fake starting=…`). Default 20. */
  pendingMs?: number | undefined;
  /** How long a run is `RUNNING` (`# @fake duration=…`). Default 50. */
  runMs?: number | undefined;
  /** How long a run is `TERMINATING` after its task ended. Default 5. */
  terminatingMs?: number | undefined;
  /** How long a serving endpoint takes to become ready. Default 100. */
  endpointReadyMs?: number | undefined;
  /** The ids of the all-purpose clusters that exist. Default `['0101-000000-fakecl01']`. */
  existingClusters?: readonly string[] | undefined;
  /** How many exchanges `model.exchanges` keeps (oldest dropped first). Default 10 000. */
  maxRecordedExchanges?: number | undefined;
  /** Random faults: `rate` (0–1) of requests get one of `kinds`, drawn with a PRNG seeded by `seed`. */
  faults?:
    | {
        rate?: number | undefined;
        kinds?: readonly FakeFaultKind[] | undefined;
        seed?: number | undefined;
        retryAfterSeconds?: number | undefined;
        /** Per operation (`JobsRunsSubmit`, `WorkspaceImport`, …): overrides `rate` and `kinds`. */
        routes?:
          | Readonly<
              Record<string, { rate?: number | undefined; kinds?: readonly FakeFaultKind[] | undefined }>
            >
          | undefined;
      }
    | undefined;
}

/** Options with defaults applied. */
export interface ResolvedFakeOptions {
  readonly endpoint: string;
  readonly token: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly tokenLifetimeSeconds: number;
  readonly clock: Clock;
  readonly queueMs: number;
  readonly pendingMs: number;
  readonly runMs: number;
  readonly terminatingMs: number;
  readonly endpointReadyMs: number;
  readonly existingClusters: readonly string[];
  readonly maxRecordedExchanges: number;
  readonly faults: {
    readonly rate: number;
    readonly kinds: readonly FakeFaultKind[];
    readonly seed: number;
    readonly retryAfterSeconds: number;
    readonly routes: Readonly<
      Record<string, { rate?: number | undefined; kinds?: readonly FakeFaultKind[] | undefined }>
    >;
  };
}

/** Validates `options` and fills in the defaults. */
export function resolveFakeOptions(options: FakeDatabricksOptions = {}): ResolvedFakeOptions {
  const parsed = parseOrThrow(FakeDatabricksOptionsSchema, options, 'fake Databricks options');
  return {
    endpoint: new URL(parsed.endpoint ?? 'https://fake-workspace.cloud.databricks.com').origin,
    token: parsed.token ?? 'dapi-fake-workspace-token',
    clientId: parsed.clientId ?? 'fake-service-principal',
    clientSecret: parsed.clientSecret ?? 'dose-fake-service-principal-secret',
    tokenLifetimeSeconds: parsed.tokenLifetimeSeconds ?? 3600,
    clock: (options.clock as Clock | undefined) ?? systemClock,
    queueMs: parsed.queueMs ?? 0,
    pendingMs: parsed.pendingMs ?? 20,
    runMs: parsed.runMs ?? 50,
    terminatingMs: parsed.terminatingMs ?? 5,
    endpointReadyMs: parsed.endpointReadyMs ?? 100,
    existingClusters: parsed.existingClusters ?? ['0101-000000-fakecl01'],
    maxRecordedExchanges: parsed.maxRecordedExchanges ?? 10_000,
    faults: {
      rate: parsed.faults?.rate ?? 0,
      kinds: parsed.faults?.kinds ?? FAKE_FAULT_KINDS,
      seed: parsed.faults?.seed ?? 1,
      retryAfterSeconds: parsed.faults?.retryAfterSeconds ?? 1,
      routes: parsed.faults?.routes ?? {},
    },
  };
}
