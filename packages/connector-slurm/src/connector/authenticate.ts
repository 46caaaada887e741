/** Checking the credentials: the token's own expiry first, then slurmrestd's `ping` with them. */
import { AuthenticationError, throwIfAborted } from '@neural/integrations-core';
import { tokenExpired } from '../credentials.js';
import type { SlurmContext } from './context.js';

/**
 * `true` when a controller answers slurmrestd's `ping` with these credentials, `false` when the token is
 * refused (or already expired by its own `exp` claim, checked without a request).
 *
 * @throws CloudConnectionError when slurmrestd cannot be reached.
 */
export async function checkCredentials(
  context: SlurmContext,
  token: string,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  throwIfAborted(signal);
  if (tokenExpired(token, context.clock.now())) {
    context.logger.warn('the Slurm token has expired (its exp claim is in the past)');
    return false;
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
    return ping.up;
  } catch (error) {
    if (AuthenticationError.isInstance(error)) return false;
    throw error;
  }
}
