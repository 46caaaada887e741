import { InvalidParameterError } from '@neural/integrations-core';
import { describe, expect, it } from 'vitest';
import { assertEndpointName, servingEndpointRequest } from '../src/serving.js';

function refusal(call: () => unknown): InvalidParameterError {
  try {
    call();
  } catch (error) {
    if (InvalidParameterError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an InvalidParameterError');
}

describe('serving endpoint names and model paths, checked before anything is sent', () => {
  it('refuses a model path that is not a registered model, naming the field and the rule', () => {
    const error = refusal(() => servingEndpointRequest('../model.bin', 'ok', undefined));
    expect(error.issues).toEqual([
      {
        field: 'modelPath',
        rule: 'must be a registered model name such as main.default.my_model, optionally with /<version>',
      },
    ]);
    expect(error.message).toMatch(/^Invalid modelPath:\n {2}- modelPath: must be a registered model name/);
  });

  it('refuses an endpoint name Model Serving would not accept', () => {
    const error = refusal(() => assertEndpointName('-starts-with-a-dash'));
    expect(error.message).toBe(
      'Invalid endpointName:\n  - endpointName: must be 1-63 letters, digits, "-" or "_", starting with a letter or digit',
    );
  });
});
