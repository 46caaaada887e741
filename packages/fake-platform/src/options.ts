import { strictOptions } from '@neural/integrations-core';
import { z } from 'zod';
import { clockSchema, millisecondsSchema, probabilitySchema, seedSchema } from './option-schemas.js';

/** The kinds of fault the platform can inject. */
export const FAULT_KINDS = [
  'latency',
  'internal',
  'unavailable',
  'rate-limit',
  'drop-before',
  'drop-after',
  'token-expired',
] as const;

/**
 * One kind of injected fault:
 * - `latency`: the answer is delayed by `latencyMs` (on top of the always-on latency);
 * - `internal` / `unavailable`: `500 INTERNAL` / `503 UNAVAILABLE`, the platform did nothing;
 * - `rate-limit`: `429 RATE_LIMITED` with `Retry-After`, the platform did nothing;
 * - `drop-before`: the connection drops before the platform acted;
 * - `drop-after`: the platform acted (a submit is stored) and then the connection drops;
 * - `token-expired`: the caller's token expires now (`401 TOKEN_EXPIRED`); routes without auth skip it.
 */
export type FaultKind = (typeof FAULT_KINDS)[number];

const milliseconds = millisecondsSchema.max(60_000, 'must be at most 60000');

/** Fault settings for one route (by OpenAPI `operationId`) or for all of them. */
export const RouteFaultsSchema = z.strictObject({
  rate: probabilitySchema.optional(),
  kinds: z
    .array(z.enum(FAULT_KINDS, { error: `must be one of ${FAULT_KINDS.join(', ')}` }))
    .min(1, 'must name at least one fault kind')
    .optional(),
  latencyMs: milliseconds.optional(),
});

/** Fault settings for one route or for all of them. */
export type RouteFaults = z.infer<typeof RouteFaultsSchema>;

/**
 * The zod schema of {@link FaultOptions}. `rate` is the probability that a request gets a fault, drawn from
 * `kinds` (default: every kind) with the seeded PRNG; `latencyMs` is added to every request, and a
 * `latency` fault adds `latencySpikeMs` more; `Retry-After` of a 429 is `retryAfterSeconds`; `routes`
 * overrides any of these per `operationId` (`submitJob`, `getJob`, … as in openapi.yaml).
 */
export const FaultOptionsSchema = z.strictObject({
  rate: probabilitySchema.default(0),
  kinds: RouteFaultsSchema.shape.kinds,
  latencyMs: milliseconds.default(0),
  latencySpikeMs: milliseconds.default(250),
  retryAfterSeconds: z
    .number({ error: 'must be a number of seconds' })
    .int('must be a whole number of seconds')
    .min(0, 'must not be negative')
    .max(3600, 'must be at most 3600')
    .default(1),
  routes: z
    .record(z.string(), RouteFaultsSchema, { error: 'must map operationIds to fault settings' })
    .default({}),
});

/** Fault injection settings, as accepted by options and `PUT /v1/_control/faults`. */
export type FaultOptions = z.input<typeof FaultOptionsSchema>;
/** Fault settings after defaults were applied. */
export type ResolvedFaultOptions = z.output<typeof FaultOptionsSchema>;

/**
 * The zod schema of {@link FakePlatformOptions}: every option of `createFakePlatform` and
 * `startFakePlatformServer`, checked before anything starts.
 */
export const FakePlatformOptionsSchema = strictOptions(
  {
    url: z
      .string()
      .refine((value) => URL.canParse(value), 'must be an absolute URL such as http://localhost:8080')
      .default('http://fake-platform.test'),
    apiKey: z.string().min(8, 'must be at least 8 characters').optional(),
    clock: clockSchema.optional(),
    latencyClock: clockSchema.optional(),
    seed: seedSchema.default(1),
    tokenTtlMs: z.number().int().positive('must be greater than 0').default(3_600_000),
    defaultDurationMs: z.number().int().nonnegative().default(2_000),
    defaultQueueMs: z.number().int().nonnegative().default(100),
    defaultStartingMs: z.number().int().nonnegative().default(50),
    faults: FaultOptionsSchema.prefault({}),
    enableControl: z.boolean().default(false),
    maxRecordedRequests: z.number().int().nonnegative().default(10_000),
    maxFileBytes: z
      .number()
      .int()
      .positive()
      .default(512 * 1024 * 1024),
    listScanBudget: z.number().int().positive().default(10_000),
    totalGpus: z.number().int().nonnegative().default(8),
    totalCpus: z.number().int().nonnegative().default(64),
  },
  // The old name is refused with its new one: "not a known option" would leave the reader guessing.
  { renamed: { baseUrl: 'url' } },
);

/**
 * Options of the fake platform.
 *
 * - `url`: the origin the handlers answer on, without `/v1` (default `http://fake-platform.test`; the socket
 *   server sets its own), read back as `platform.url`.
 * - `apiKey`: the key `POST /v1/auth/token` accepts (default: a random one, see `platform.apiKey`).
 * - `clock`: drives job lifecycles and token expiry (default `systemClock`; `createManualClock()` in tests).
 * - `latencyClock`: where injected latency is slept (default `systemClock`, so latency is real even when the
 *   platform clock is manual; pass a manual clock to drive it in tests).
 * - `seed`: seeds fault decisions and job ids, so a run is reproducible.
 * - `tokenTtlMs`: token lifetime on the platform clock (default 1 h).
 * - `defaultDurationMs` / `defaultQueueMs` / `defaultStartingMs`: defaults of the job directives.
 * - `faults`: see {@link FaultOptions}. `enableControl`: serve `/v1/_control/*`.
 * - `maxRecordedRequests`: how many requests `platform.requests` keeps (oldest dropped first).
 * - `maxFileBytes`: the upload size limit. `listScanBudget`: how many jobs one filtered list page may inspect.
 * - `totalGpus` / `totalCpus`: the capacity `GET /v1/usage` reports.
 */
export type FakePlatformOptions = z.input<typeof FakePlatformOptionsSchema>;
/** Options after defaults were applied. */
export type ResolvedFakePlatformOptions = z.output<typeof FakePlatformOptionsSchema>;
