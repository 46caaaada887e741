import { InvalidParameterError } from '@neural/integrations-core';
import { describe, expect, it } from 'vitest';
import { assertEndpointName, servingEndpointRequest } from '../src/serving.js';

describe('serving endpoint names and model paths, checked before anything is sent', () => {
  it('refuses a model path that is not a registered model, naming the field and the rule', () => {
    const refused = () => servingEndpointRequest('../model.bin', 'ok', undefined);
    expect(refused).toThrow(InvalidParameterError);
    expect(refused).toThrow(
      'Invalid modelPath:\n  - modelPath: must be a registered model name such as main.default.my_model, optionally with /<version>',
    );
  });

  it('refuses an endpoint name Model Serving would not accept', () => {
    expect(() => assertEndpointName('-starts-with-a-dash')).toThrow(
      'Invalid endpointName:\n  - endpointName: must be 1-63 letters, digits, "-" or "_", starting with a letter or digit',
    );
  });
});
