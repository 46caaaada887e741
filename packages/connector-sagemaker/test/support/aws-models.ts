/**
 * AWS's service models of the operations the fake serves (test/fixtures/aws-models.json, written by
 * scripts/extract-aws-models.mjs from the `aws-sdk` package), in the models' own format: named shapes with a
 * `type`, `members` and `required` for structures, `member` for lists, `value` for maps, `enum` for strings,
 * and the REST traits (`location`, `locationName`, `flattened`, `payload`, `http`). The constraints come from
 * the 2022 full models of Debian's `python3-botocore`: `min`/`max` (lengths, sizes, ranges), `pattern` (Java,
 * with its JavaScript translation `jsPattern`, or `patternUnchecked` saying why there is none), each
 * operation's `errors`, and the error shapes (`exception`, `error`).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const ShapeRefSchema = z.strictObject({
  shape: z.string(),
  location: z.enum(['uri', 'querystring', 'header', 'headers', 'statusCode']).optional(),
  locationName: z.string().optional(),
  xmlNamespace: z.strictObject({ uri: z.string(), prefix: z.string().optional() }).optional(),
  queryName: z.string().optional(),
  jsonvalue: z.boolean().optional(),
  hostLabel: z.boolean().optional(),
  timestampFormat: z.enum(['iso8601', 'rfc822', 'unixTimestamp']).optional(),
});
/** A reference to a shape, with where (`location`) and under which name (`locationName`) it travels. */
export type ShapeRef = z.infer<typeof ShapeRefSchema>;

const ShapeSchema = z.strictObject({
  type: z.enum([
    'structure',
    'list',
    'map',
    'string',
    'integer',
    'long',
    'float',
    'double',
    'boolean',
    'timestamp',
    'blob',
  ]),
  members: z.record(z.string(), ShapeRefSchema).optional(),
  required: z.array(z.string()).optional(),
  member: ShapeRefSchema.optional(),
  key: ShapeRefSchema.optional(),
  value: ShapeRefSchema.optional(),
  enum: z.array(z.string()).optional(),
  flattened: z.boolean().optional(),
  payload: z.string().optional(),
  streaming: z.boolean().optional(),
  requiresLength: z.boolean().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  pattern: z.string().optional(),
  jsPattern: z
    .string()
    .refine((source) => {
      try {
        return new RegExp(source, 'u') instanceof RegExp;
      } catch {
        return false;
      }
    }, 'must compile as a JavaScript RegExp with the u flag')
    .optional(),
  patternUnchecked: z.string().optional(),
  exception: z.literal(true).optional(),
  error: z
    .strictObject({
      code: z.string().optional(),
      httpStatusCode: z.number().int().optional(),
      senderFault: z.boolean().optional(),
    })
    .optional(),
});
/** One named shape of a model. */
export type Shape = z.infer<typeof ShapeSchema>;

const OperationSchema = z.strictObject({
  name: z.string(),
  http: z.strictObject({
    method: z.enum(['GET', 'PUT', 'POST', 'DELETE', 'HEAD']),
    requestUri: z.string().startsWith('/'),
    responseCode: z.number().int().optional(),
  }),
  input: ShapeRefSchema.optional(),
  output: ShapeRefSchema.optional(),
  /** The error shapes the 2022 model lists for the operation (besides the errors common to every service). */
  errors: z.array(z.string()),
});
/** One operation: its HTTP binding and its input and output shapes. */
export type Operation = z.infer<typeof OperationSchema>;

const ServiceModelSchema = z.strictObject({
  metadata: z.strictObject({
    apiVersion: z.string(),
    protocol: z.enum(['json', 'rest-xml']),
    jsonVersion: z.string().optional(),
    targetPrefix: z.string().optional(),
    serviceId: z.string(),
    signingName: z.string().optional(),
  }),
  operations: z.record(z.string(), OperationSchema),
  shapes: z.record(z.string(), ShapeSchema),
});
/** One service's model, trimmed to the operations the fake serves. */
export type ServiceModel = z.infer<typeof ServiceModelSchema>;

const FixtureSchema = z.strictObject({
  provenance: z.strictObject({
    note: z.string(),
    package: z.literal('aws-sdk'),
    version: z.string(),
    integrity: z.string().startsWith('sha512-'),
    files: z.record(z.string(), z.strictObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
    constraints: z.strictObject({
      note: z.string(),
      package: z.literal('python3-botocore'),
      version: z.string(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      files: z.record(z.string(), z.strictObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
      /** Per service, the shapes that carry no constraint (newer than the 2022 models), with why. */
      withoutConstraints: z.record(z.string(), z.record(z.string(), z.string())),
    }),
  }),
  services: z.strictObject({
    sagemaker: ServiceModelSchema,
    logs: ServiceModelSchema,
    servicequotas: ServiceModelSchema,
    s3: ServiceModelSchema,
  }),
});

const fixture = FixtureSchema.parse(
  JSON.parse(readFileSync(new URL('../fixtures/aws-models.json', import.meta.url), 'utf8')),
);

/**
 * Members AWS added after `aws-sdk` v2's last models, which the pinned v3 clients (generated from the current
 * Smithy models) carry and the connector reads; each is proven present in the v3 client by a test.
 */
export const NEWER_THAN_THE_MODELS = [
  {
    service: 'sagemaker',
    shape: 'TrainingJobSummary',
    member: 'SecondaryStatus',
    ref: { shape: 'SecondaryStatus' },
  },
] as const;

for (const addition of NEWER_THAN_THE_MODELS) {
  const shape = fixture.services[addition.service].shapes[addition.shape];
  if (!shape?.members || shape.members[addition.member])
    throw new Error(`${addition.shape}.${addition.member} is no longer newer than the models: drop it`);
  shape.members[addition.member] = { ...addition.ref };
}

/** The models by the fake's service name (`sagemaker`, `logs`, `servicequotas`, `s3`). */
export const AWS_MODELS = fixture.services;
/** Where the models come from: package, version, and the sha256 of each file read (the constraints' too). */
export const AWS_MODELS_PROVENANCE = fixture.provenance;

/** The shape `name` of `model`; a missing one is a broken fixture, not a finding about the fake. */
export function shapeOf(model: ServiceModel, name: string): Shape {
  const shape = model.shapes[name];
  if (!shape) throw new Error(`the ${model.metadata.serviceId} model fixture has no shape ${name}`);
  return shape;
}
