import { InvalidParameterError } from '@neural/integrations-core';
import { defineClause } from '../clause.js';

/** A name no platform takes for an endpoint: spaces, a slash and an exclamation mark. */
const BAD_ENDPOINT_NAME = 'not a valid/endpoint name!';

/** `endpoints.*` beyond a deploy and its delete: a bad name is refused before anything is sent, and a name that names no endpoint is answered `false`. */
export const endpointClauses = [
  defineClause({
    id: 'endpoints.rejects-invalid-name',
    title: 'deployModel and deleteEndpoint reject an invalid endpoint name or model path',
    rule: `\`deployModel()\` rejects with \`InvalidParameterError\` for an endpoint name no platform takes (${JSON.stringify(BAD_ENDPOINT_NAME)}), and for an empty model path, and \`deleteEndpoint()\` for an empty name, before anything is sent.`,
    why: 'A name with a slash or a space ends up in a URL path; sent as is, it deploys or deletes another endpoint than the one meant, or fails later with an error nobody can read.',
    requires: ['deployModel', 'deleteEndpoint'],
    async run(ctx) {
      const connector = await ctx.connect();
      const options = { signal: ctx.signal };
      const modelPath = ctx.target.modelPath ?? 'conformance/model.bin';
      const calls: Array<[string, () => Promise<unknown>]> = [
        [
          `connector.deployModel(${ctx.describe(modelPath)}, ${ctx.describe(BAD_ENDPOINT_NAME)})`,
          () => connector.deployModel?.(modelPath, BAD_ENDPOINT_NAME, options) as Promise<unknown>,
        ],
        ['connector.deleteEndpoint("")', () => connector.deleteEndpoint?.('', options) as Promise<unknown>],
        [
          `connector.deployModel("", ${ctx.describe(ctx.jobName('endpoint'))})`,
          () => connector.deployModel?.('', ctx.jobName('endpoint'), options) as Promise<unknown>,
        ],
      ];
      for (const [call, make] of calls) {
        const error = await ctx.rejection(call, make, 'an InvalidParameterError for the name or model path');
        ctx.check(InvalidParameterError.isInstance(error), {
          expected: 'an InvalidParameterError for the name or model path',
          actual: `it rejected with ${ctx.describe(error)}`,
          call,
        });
      }
    },
  }),
  defineClause({
    id: 'endpoints.delete-unknown-resolves-false',
    title: 'Deleting an endpoint that was never deployed resolves false',
    rule: '`deleteEndpoint()` of a valid name that names no endpoint (none was ever deployed under it) resolves `false`, as it does for one already deleted: "nothing to delete" is an answer, not an error (no `JobNotFoundError`, no `CloudExecutionError`) and not `true`.',
    why: 'Clean-up scripts delete by name whether or not the endpoint got as far as being made; one that throws for a name it never saw stops the clean-up halfway, and one that says `true` reports a deletion that did not happen.',
    requires: ['deployModel', 'deleteEndpoint'],
    async run(ctx) {
      const connector = await ctx.connect();
      // Short: endpoint names are often limited to 63 characters.
      const name = ctx.marker('never-deployed');
      const call = `connector.deleteEndpoint(${ctx.describe(name)}) of a name never deployed`;
      let deleted: unknown;
      try {
        deleted = await connector.deleteEndpoint?.(name, { signal: ctx.signal });
      } catch (error) {
        ctx.fail({ expected: '`false`', actual: `it rejected with ${ctx.describe(error)}`, call });
      }
      ctx.check(deleted === false, {
        expected: '`false`',
        actual: `it resolved ${ctx.describe(deleted)}`,
        call,
      });
    },
  }),
];
