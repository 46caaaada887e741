import {
  InvalidParameterError,
  parseSubmitJobRequest,
  type SubmitJobRequest,
} from '@neural/integrations-core';
import { ReferenceConnector } from '../support/reference-connector.js';

let instances = 0;

/** Reads its id counter before an await and writes it after: concurrent submits share an id. */
export class RacyIdConnector extends ReferenceConnector {
  readonly #instance = ++instances;
  #next = 0;
  override async submitJob(request: SubmitJobRequest): Promise<string> {
    const parsed = parseSubmitJobRequest(request);
    const n = this.#next;
    await this.enter(parsed.signal);
    this.#next = n + 1;
    const replay = [...this.platform.jobs.values()].find(
      (job) => parsed.idempotencyKey !== undefined && job.idempotencyKey === parsed.idempotencyKey,
    );
    if (replay) return replay.id;
    return this.store(parsed.code, parsed.jobName, parsed.idempotencyKey, `racy-${this.#instance}-${n}`);
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
