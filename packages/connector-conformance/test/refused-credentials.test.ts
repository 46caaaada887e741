import { AuthenticationError } from '@neural/integrations-core';
import { describe, expect, it } from 'vitest';
import { runConformance } from '../src/index.js';
import { RefusesOnlyInAuthenticateConnector } from './broken/auth.js';
import { ReferenceConnector } from './support/reference-connector.js';
import { INVALID_KEY, memoryTarget, VALID_KEY } from './support/target.js';

const CLAUSE = 'auth.refused-by-every-call';

async function outcomeOf(target: Parameters<typeof runConformance>[0]) {
  const report = await runConformance(target, { only: [CLAUSE] });
  const clause = report.clauses.find((c) => c.id === CLAUSE);
  return { outcome: clause?.outcome, reason: clause?.reason, failure: clause?.failure };
}

describe('auth.refused-by-every-call, as the target says its invalid credentials behave', () => {
  it('skips, with the reason, when only authenticate() can refuse the invalid credentials', async () => {
    const why = 'the "credentials" name an interpreter: a missing one fails jobs, it does not refuse them';
    const target = memoryTarget(
      (credentials, platform) => new RefusesOnlyInAuthenticateConnector(credentials, platform),
      {
        credentials: {
          valid: { apiKey: VALID_KEY },
          invalid: { apiKey: INVALID_KEY },
          onlyAuthenticateRefuses: why,
        },
      },
    );
    expect(await outcomeOf(target)).toMatchObject({
      outcome: 'skipped',
      reason: `only authenticate() can refuse the target's invalid credentials: ${why}`,
    });
  });

  it('skips, with the reason, for a platform without secret credentials', async () => {
    const target = memoryTarget(undefined, {
      credentials: { valid: { apiKey: VALID_KEY }, none: 'the Unix user is the identity' },
    });
    expect(await outcomeOf(target)).toMatchObject({
      outcome: 'skipped',
      reason: 'the platform has no secret credentials: the Unix user is the identity',
    });
  });

  it('passes a create() that refuses the invalid credentials itself', async () => {
    const target = memoryTarget((credentials, platform) => {
      if (credentials.apiKey !== VALID_KEY) throw new AuthenticationError('The platform refused the API key');
      return new ReferenceConnector(credentials, platform);
    });
    expect((await outcomeOf(target)).outcome).toBe('passed');
  });

  it('refuses a target whose onlyAuthenticateRefuses gives no reason, naming the field', () => {
    expect(() =>
      memoryTarget(undefined, {
        credentials: {
          valid: { apiKey: VALID_KEY },
          invalid: { apiKey: INVALID_KEY },
          onlyAuthenticateRefuses: ' ',
        },
      }),
    ).toThrow('credentials.onlyAuthenticateRefuses: must say why only authenticate() refuses them');
  });
});
