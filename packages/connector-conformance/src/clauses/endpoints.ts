import { InvalidParameterError } from '@neural/integrations-core';
import { defineClause } from '../clause.js';

/** A name no platform takes for an endpoint: spaces, a slash and an exclamation mark. */
const BAD_ENDPOINT_NAME = 'not a valid/endpoint name!';

/** Refusals beyond `submitJob()` and `listJobs()`: a bad endpoint name is refused before anything is sent. */
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
];
