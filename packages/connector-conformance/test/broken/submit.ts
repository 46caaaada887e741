import { InvalidParameterError, type SubmitJobRequest } from '@neural/integrations-core';
import { ReferenceConnector } from '../support/reference-connector.js';

/**
 * Has a pool of four connections; when all four are busy, it reuses the oldest busy one and reads the answer
 * meant for the request already on it: the fifth of five concurrent submits gets the first one's id.
 */
export class RacyIdConnector extends ReferenceConnector {
  readonly #busy: Array<Promise<string>> = [];
  override async submitJob(request: SubmitJobRequest): Promise<string> {
    const oldest = this.#busy[0];
    if (this.#busy.length >= 4 && oldest) return oldest;
    const submitting = super.submitJob(request);
    this.#busy.push(submitting);
    try {
      return await submitting;
    } finally {
      this.#busy.splice(this.#busy.indexOf(submitting), 1);
    }
  }
}

/** Sends the job first and maps the platform's rejection afterwards: invalid input still makes a job. */
export class ValidatesTooLateConnector extends ReferenceConnector {
  override async submitJob(request: SubmitJobRequest): Promise<string> {
    try {
      return await super.submitJob(request);
    } catch (error) {
      if (InvalidParameterError.isInstance(error))
        this.store(String(request?.code ?? ''), undefined, undefined);
      throw error;
    }
  }
}

/** Claims idempotency but makes a new job for every submit. */
export class IgnoresIdempotencyKeyConnector extends ReferenceConnector {
  override async submitJob(request: SubmitJobRequest): Promise<string> {
    if (request === null || typeof request !== 'object') return super.submitJob(request);
    const { idempotencyKey: _ignored, ...rest } = request;
    return super.submitJob(rest);
  }
}

/** Passes the environment through a shell-quoted string and loses each value from its first double quote on. */
export class TruncatesEnvironmentConnector extends ReferenceConnector {
  override async submitJob(request: SubmitJobRequest): Promise<string> {
    if (request === null || typeof request !== 'object' || !request.environment)
      return super.submitJob(request);
    const environment = Object.fromEntries(
      Object.entries(request.environment).map(([name, value]) => [name, value.split('"')[0] ?? '']),
    );
    return super.submitJob({ ...request, environment });
  }
}
