import type { JsonValue } from '@neural/integrations-core';
import { PlatformProblem } from '../problems.js';
import { EndpointBodySchema, parseBody } from './bodies.js';
import type { EndpointJson } from './wire.js';

/** The deployed model endpoints, by name. The fake deploys at once. */
export class EndpointStore {
  #endpoints = new Map<string, EndpointJson>();

  constructor(private readonly baseUrl: string) {}

  /** Deploys a model endpoint, or `ENDPOINT_EXISTS`. */
  create(body: unknown): EndpointJson {
    const input = parseBody(EndpointBodySchema, body);
    if (this.#endpoints.has(input.name)) {
      throw new PlatformProblem('ENDPOINT_EXISTS', `An endpoint named ${input.name} already exists`);
    }
    const endpoint: EndpointJson = {
      name: input.name,
      url: `${this.baseUrl.replace(/\/$/, '')}/endpoints/${input.name}`,
      modelPath: input.modelPath,
      status: 'ready',
      ...(input.resources ? { resources: input.resources as Record<string, JsonValue> } : {}),
    };
    this.#endpoints.set(input.name, endpoint);
    return endpoint;
  }

  /** Deletes an endpoint, or `ENDPOINT_NOT_FOUND`. */
  delete(name: string): void {
    if (!this.#endpoints.delete(name)) {
      throw new PlatformProblem('ENDPOINT_NOT_FOUND', `No endpoint named ${name}`);
    }
  }

  /** The deployed endpoints. */
  list(): EndpointJson[] {
    return [...this.#endpoints.values()];
  }

  /** Forgets every endpoint. */
  clear(): void {
    this.#endpoints.clear();
  }
}
