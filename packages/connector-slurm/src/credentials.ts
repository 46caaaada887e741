/** What a {@link SlurmConnector} authenticates with, how it is checked, and when its token has expired. */
import { strictOptions } from '@neural/integrations-core';
import { z } from 'zod';

/** What a {@link SlurmConnector} authenticates with: slurmrestd's JWT scheme. */
export interface SlurmCredentials {
  /** slurmrestd's base URL, without the API path (`http://127.0.0.1:6820`). */
  readonly endpoint: string;
  /** Sent as `X-SLURM-USER-NAME`: the user the jobs run as. */
  readonly user: string;
  /** A Slurm JWT (`scontrol token`), sent as `X-SLURM-USER-TOKEN`. Never logged. */
  readonly token: string;
}

/** Validates {@link SlurmCredentials} in the connector's constructor. */
export const SlurmCredentialsSchema = strictOptions(
  {
    endpoint: z
      .string({ error: 'must be a string' })
      .regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, 'must be an http(s) URL such as http://127.0.0.1:6820'),
    user: z
      .string({ error: 'must be a string' })
      .regex(/^[A-Za-z0-9_][A-Za-z0-9._-]*$/, 'must be a Slurm user name'),
    token: z.string({ error: 'must be a string' }).min(1, 'must not be empty'),
  },
  // The base URL was `url` before every connector called it `endpoint`.
  { renamed: { url: 'endpoint' } },
);

/** Whether the token is a JWT whose `exp` claim is at or before `nowMs`; `false` when it cannot be read. */
export function tokenExpired(token: string, nowMs: number): boolean {
  const payload = token.split('.')[1];
  if (payload === undefined) return false;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const exp = (claims as { exp?: unknown }).exp;
    return typeof exp === 'number' && exp * 1000 <= nowMs;
  } catch {
    return false;
  }
}
