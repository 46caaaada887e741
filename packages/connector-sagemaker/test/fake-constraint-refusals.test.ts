/**
 * The fake refuses what AWS's models constrain: each JSON request the connector sent, sent again through the
 * official client with one value breaking one constraint of the 2022 models (a length, a pattern, an enum, a
 * range, a list's or a map's size, a map key), is answered `ValidationException` naming the member and the
 * constraint in AWS's words, and not served. The v3 clients check none of these, so each reaches the fake.
 */
import * as logsSdk from '@aws-sdk/client-cloudwatch-logs';
import * as sagemakerSdk from '@aws-sdk/client-sagemaker';
import * as quotasSdk from '@aws-sdk/client-service-quotas';
import { expect, it } from 'vitest';
import { driveEveryJsonOperation } from './support/connector-session.js';
import { constraintViolations } from './support/constraint-violations.js';
import { jsonOperationOf } from './support/json-protocol.js';
import { useRecordedFake } from './support/recorded-fake.js';

const { fake, wire } = useRecordedFake({ defaultQueueMs: 5, defaultStartingMs: 5, defaultDurationMs: 20 });

type Command = new (input: unknown) => never;
const config = { endpoint: fake.url, region: fake.region, credentials: fake.credentials(), maxAttempts: 1 };
const clients = {
  sagemaker: { client: new sagemakerSdk.SageMakerClient(config), commands: sagemakerSdk },
  logs: { client: new logsSdk.CloudWatchLogsClient(config), commands: logsSdk },
  servicequotas: { client: new quotasSdk.ServiceQuotasClient(config), commands: quotasSdk },
} as const;

/** Sends `input` as `operation` of `service` through its official client; the error it met, if any. */
async function send(service: string, operation: string, input: unknown): Promise<Error | undefined> {
  const sdk = clients[service as keyof typeof clients];
  const command = (sdk.commands as unknown as Record<string, Command>)[`${operation}Command`];
  if (!command) throw new Error(`the ${service} client has no ${operation}Command`);
  try {
    await (sdk.client.send as (command: never) => Promise<unknown>)(new command(input));
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

it('every request breaking a constraint of the models is refused with a ValidationException naming it', async () => {
  await driveEveryJsonOperation(fake, 'constraints');

  const seen = new Set<string>();
  const unrefused: string[] = [];
  for (const exchange of await wire.exchanges()) {
    const found = jsonOperationOf(exchange.requestHeaders.get('x-amz-target') ?? '');
    const input = found?.model.operations[found.operation]?.input;
    if (!found || !input || exchange.status !== 200) continue;
    const request: unknown = JSON.parse(exchange.requestBody.toString('utf8'));
    for (const violation of constraintViolations(found.model, input.shape, request)) {
      const key = `${found.operation} ${violation.field}: ${violation.broken}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const error = await send(found.service, found.operation, violation.request);
      if (
        error?.name !== 'ValidationException' ||
        !error.message.includes(
          `at '${violation.field}' failed to satisfy constraint: ${violation.constraint}`,
        )
      )
        unrefused.push(`${key}: ${error ? `${error.name}: ${error.message.slice(0, 200)}` : 'served'}`);
    }
  }
  expect(seen.size).toBeGreaterThan(40);
  expect(unrefused).toEqual([]);
});
