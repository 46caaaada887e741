/** Checking the credentials: the token's own expiry first, then slurmrestd's `ping` with them. */
import { AuthenticationError, CloudConnectionError, throwIfAborted } from '@neural/integrations-core';
import { isNotSent } from '@neural/integrations-core/http';
import { tokenExpired } from '../credentials.js';
import type { SlurmContext } from './context.js';

/**
 * What slurmrestd's `ping` says of these credentials: `'refused'` when the token is refused (or already expired
 * by its own `exp` claim, checked without a request), `'up'` when a controller answers, `'down'` when the ping
 * is accepted but every controller answers DOWN (a slurmctld outage, which says nothing against the token).
 *
 * @throws CloudConnectionError when slurmrestd cannot be reached.
 */
async function credentialCheck(
  context: SlurmContext,
  token: string,
  signal: AbortSignal | undefined,
): Promise<'refused' | 'up' | 'down'> {
  throwIfAborted(signal);
  if (tokenExpired(token, context.clock.now())) {
    context.logger.warn('the Slurm token has expired (its exp claim is in the past)');
    return 'refused';
  }
  try {
    const ping = await context.transport.send({
      method: 'GET',
      path: context.api.paths.ping,
      operation: 'authenticate',
      parse: (body) => context.api.parsePing(body),
      idempotent: true,
      signal,
    });
    return ping.up ? 'up' : 'down';
  } catch (error) {
    if (AuthenticationError.isInstance(error)) return 'refused';
    throw error;
  }
}

/**
 * `true` when a controller answers slurmrestd's `ping` with these credentials, `false` when the token is
 * refused (or already expired by its own `exp` claim) or no controller is up.
 *
 * @throws CloudConnectionError when slurmrestd cannot be reached.
 */
export async function checkCredentials(
  context: SlurmContext,
  token: string,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  return (await credentialCheck(context, token, signal)) === 'up';
}

/**
 * What a failed submit should throw. slurmrestd v0.0.38 answers a submit made with a token slurmctld refuses
 * by Slurm error 5005 ("Zero Bytes were transmitted or received": the controller hangs up on it; measured on
 * the live cluster, where reads with the same token get error -1), which the error table reads as a connection
 * failure. When a `ping` with the same credentials is refused as well, the credentials are the cause: an
 * `AuthenticationError`, with the connection failure as its cause. Any other error, one that was never sent,
 * or one whose ping passes, finds every controller DOWN (an outage, worth retrying) or cannot be made, is
 * returned unchanged.
 */
export async function refusedCredentialsOr(
  context: SlurmContext,
  token: string,
  error: unknown,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  // A submit that never reached slurmrestd (refused connection, unknown host) says nothing about the token,
  // and a ping would only pay the retry backoff a second time against a server that is not there.
  if (!CloudConnectionError.isInstance(error) || isNotSent(error)) return error;
  const check = await credentialCheck(context, token, signal).catch(() => 'unknown' as const);
  if (check !== 'refused') return error;
  return new AuthenticationError(
    'submitJob failed: slurmrestd refused the credentials (the controller hung up on the submit, and a ping with the same token is refused); check the user name and token',
    { cause: error },
  );
}
