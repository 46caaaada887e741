import { REDACTED, SECRET_FIELD_PATTERN } from '@neural/integrations-core';
import { iso, type PlatformRequest, type RecordedRequest } from './wire.js';

/** The path and query of an absolute URL, secret query parameters redacted. */
function redactedPath(href: string): string {
  // Most requests carry no query: the path is the href after its origin, with no URL to parse.
  const pathAt = href.indexOf('/', href.indexOf('//') + 2);
  if (pathAt > 0 && !href.includes('?') && !href.includes('#')) return href.slice(pathAt);
  const url = new URL(href);
  for (const key of [...url.searchParams.keys()]) {
    if (SECRET_FIELD_PATTERN.test(key)) url.searchParams.set(key, REDACTED);
  }
  return url.pathname + url.search;
}

/** The requests the platform received, oldest first, secrets redacted, at most `capacity` kept. */
export class RequestLog {
  #requests: RecordedRequest[] = [];
  #seq = 0;

  constructor(
    private readonly capacity: number,
    private readonly apiKey: string,
    private readonly now: () => number,
  ) {}

  /** Records an arriving request (secrets redacted) and returns the record, to be completed with its status. */
  record(request: PlatformRequest, operationId?: string): RecordedRequest {
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = SECRET_FIELD_PATTERN.test(name) || value.includes(this.apiKey) ? REDACTED : value;
    });
    const record: RecordedRequest = {
      seq: ++this.#seq,
      at: iso(this.now()),
      method: request.method,
      path: redactedPath(request.url),
      headers,
      ...(operationId ? { operationId } : {}),
    };
    if (this.capacity > 0) {
      this.#requests.push(record);
      if (this.#requests.length > this.capacity) this.#requests.shift();
    }
    return record;
  }

  /** The requests received, oldest first (a copy). */
  list(): RecordedRequest[] {
    return [...this.#requests];
  }

  /** Forgets the recorded requests (the sequence numbers go on). */
  clear(): void {
    this.#requests = [];
  }
}
