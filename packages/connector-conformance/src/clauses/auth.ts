import { AuthenticationError } from '@neural/integrations-core';
import { defineClause } from '../clause.js';
import { callsCannotRefuseReason } from '../target.js';
import { inTemporaryDirectory } from './files.js';
import { everyContractCall } from './refused-calls.js';

/** `auth.*`: credentials are checked with the platform, with a clear answer either way. */
export const authClauses = [
  defineClause({
    id: 'auth.valid-credentials',
    title: 'Valid credentials authenticate',
    rule: '`authenticate()` with the credentials the platform accepts resolves `true`.',
    why: 'Every other call depends on it; a connector that cannot say "yes" cannot be trusted to say "no".',
    async run(ctx) {
      const connector = await ctx.connect('valid');
      const accepted = await connector.authenticate({ signal: ctx.signal });
      ctx.check(accepted === true, { expected: 'true', actual: `it resolved ${ctx.describe(accepted)}` });
    },
  }),
  defineClause({
    id: 'auth.invalid-credentials',
    title: 'Invalid credentials are refused, and only that way',
    rule: "`authenticate()` with credentials the platform refuses resolves `false` or rejects with `AuthenticationError`; nothing else (no `true`, no other error). A `create()` that refuses them by throwing `AuthenticationError` refuses them too (every clause treats it so). Skipped, with the target's reason, for a platform without secret credentials (`credentials.none`).",
    why: 'Callers branch on "bad key" to prompt for a new one; a network error or a `true` there sends them the wrong way.',
    async run(ctx) {
      const { connector } = await ctx.connectOrRefused('invalid');
      if (!connector) return;
      let accepted: unknown;
      try {
        accepted = await connector.authenticate({ signal: ctx.signal });
      } catch (error) {
        ctx.check(AuthenticationError.isInstance(error), {
          expected: '`false` or an AuthenticationError',
          actual: `it rejected with ${ctx.describe(error)}`,
        });
        return;
      }
      ctx.check(accepted === false, {
        expected: '`false` or an AuthenticationError',
        actual: `it resolved ${ctx.describe(accepted)}`,
      });
    },
  }),
  defineClause({
    id: 'auth.refused-by-every-call',
    title: 'Invalid credentials are refused by every call, not only authenticate()',
    rule: "A connector made with credentials the platform refuses rejects every contract method with `AuthenticationError`: `submitJob`, `listJobs`, and `getJobStatus`, `getJobResult`, `getLogs` and `cancelJob` of a job the valid credentials submitted, and each optional method it claims (`followLogs`, `waitForStatusChange`, `uploadFile`, `downloadFile`, `deployModel`, `deleteEndpoint`, `getResourceUsage`); never a value (an empty list, `false`), never another error. A `create()` that refuses them with `AuthenticationError` refuses them too. Skipped, with the target's reason, for a platform without secret credentials (`credentials.none`) or whose invalid credentials only `authenticate()` can tell (`credentials.onlyAuthenticateRefuses`).",
    why: 'A key revoked in the middle of a run meets whatever call comes next; an empty list, a `false` from a delete or a network error there hides that nothing was done and sends the caller after the wrong problem.',
    async run(ctx) {
      const cannot = callsCannotRefuseReason(ctx.target);
      if (cannot !== undefined) ctx.skip(cannot);
      const jobId = await ctx.submit(await ctx.connect(), 'succeeds');
      const { connector } = await ctx.connectOrRefused('invalid');
      if (!connector) return;
      await inTemporaryDirectory(async (dir) => {
        for (const [call, make] of everyContractCall(ctx, connector, jobId, dir)) {
          const error = await ctx.rejection(call, make, 'an AuthenticationError for the refused credentials');
          ctx.check(AuthenticationError.isInstance(error), {
            expected: 'an AuthenticationError for the refused credentials',
            actual: `it rejected with ${ctx.describe(error)}`,
            call,
          });
        }
      });
    },
  }),
];
