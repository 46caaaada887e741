import { InvalidParameterError } from '@neural/integrations-core';
import { describe, expect, it } from 'vitest';
import { LocalConnector } from '../src/index.js';

function refusal(options: Record<string, unknown>): InvalidParameterError {
  try {
    new LocalConnector(options);
  } catch (error) {
    if (InvalidParameterError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the options to be refused');
}

describe('LocalConnector options', () => {
  it('refuses an unknown option, naming the one it most likely meant', () => {
    expect(refusal({ pollIntervalMS: 50 }).issues).toEqual([
      { field: 'pollIntervalMS', rule: 'is not a known option; did you mean "pollIntervalMs"?' },
    ]);
    expect(refusal({ intepreter: ['node'] }).message).toContain('did you mean "interpreter"?');
    expect(refusal({ cancel_grace_period_ms: 1 }).message).toContain('did you mean "cancelGracePeriodMs"?');
  });

  it('refuses an unknown option with no close name plainly', () => {
    expect(refusal({ colour: 'red' }).issues).toEqual([{ field: 'colour', rule: 'is not a known option' }]);
  });
});
