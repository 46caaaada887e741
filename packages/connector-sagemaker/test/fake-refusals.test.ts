/**
 * The fake refuses what AWS's models require: each JSON request the connector sent, replayed with one of
 * its required members (at any depth) left out, is answered `400 ValidationException` naming that member, as
 * AWS answers it, and not served as if it were whole.
 */
import { expect, it } from 'vitest';
import { driveEveryJsonOperation } from './support/connector-session.js';
import { jsonOperationOf } from './support/json-protocol.js';
import { useRecordedFake } from './support/recorded-fake.js';
import { requiredMembersOf, validationPath, withoutMember } from './support/required-members.js';

const { fake, wire } = useRecordedFake({ defaultQueueMs: 5, defaultStartingMs: 5, defaultDurationMs: 20 });

it('every request missing a required member is refused with a ValidationException naming it', async () => {
  await driveEveryJsonOperation(fake, 'refusals');

  const sent = (await wire.exchanges()).filter((e) => e.requestHeaders.has('x-amz-target'));
  const unrefused: string[] = [];
  let replayed = 0;
  for (const exchange of sent) {
    const target = exchange.requestHeaders.get('x-amz-target') as string;
    const found = jsonOperationOf(target);
    const input = found?.model.operations[found.operation]?.input;
    if (!found || !input) continue;
    const request: unknown = JSON.parse(exchange.requestBody.toString('utf8'));
    for (const member of requiredMembersOf(found.model, input.shape, request)) {
      replayed++;
      const answer = await fetch(`${fake.url}/`, {
        method: 'POST',
        headers: {
          'x-amz-target': target,
          'content-type': 'application/x-amz-json-1.1',
          authorization: exchange.requestHeaders.get('authorization') as string,
        },
        body: JSON.stringify(withoutMember(request, member.path)),
      });
      const body = (await answer.json()) as { __type?: string; message?: string };
      const field = validationPath(member.path);
      if (
        answer.status !== 400 ||
        body.__type !== 'ValidationException' ||
        !body.message?.includes(`'${field}'`)
      )
        unrefused.push(
          `${found.operation} without ${member.path.join('.')} (required by ${member.parent}): answered ${answer.status} ${JSON.stringify(body).slice(0, 160)}`,
        );
    }
  }
  expect(replayed).toBeGreaterThan(20);
  expect(unrefused).toEqual([]);
});
