import { type CallOptions, InvalidParameterError, throwIfAborted } from '@neural/integrations-core';
import { ReferenceConnector } from '../support/reference-connector.js';

/** Checks the key in authenticate() only: every other call works for whoever asks (the mock's lost `#prepare` check). */
export class RefusesOnlyInAuthenticateConnector extends ReferenceConnector {
  protected override async enter(signal: AbortSignal | undefined): Promise<void> {
    throwIfAborted(signal);
    await this.platform.clock.sleep(0, signal);
  }
}

/** Checks the name, then answers `false` ("no such endpoint") for any error of the platform, a refused key included. */
export class DeleteEndpointSwallowsErrorsConnector extends ReferenceConnector {
  override async deleteEndpoint(endpointName: string, options: CallOptions = {}): Promise<boolean> {
    try {
      return await super.deleteEndpoint(endpointName, options);
    } catch (error) {
      if (InvalidParameterError.isInstance(error)) throw error;
      return false;
    }
  }
}
