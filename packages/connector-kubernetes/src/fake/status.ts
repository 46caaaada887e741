/** The `reason` values of the Status objects the fake answers with, by HTTP status. */
const REASONS: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'AlreadyExists',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
};

/** What a `metav1.Status` names: the object, its group and its kind (the resource's plural). */
export interface StatusDetails {
  /** The object's name. */
  readonly name?: string | undefined;
  /** The resource's API group (absent for the core group). */
  readonly group?: string | undefined;
  /** The resource (`jobs`), or the kind for validation errors (`Job`). */
  readonly kind?: string | undefined;
  /** One cause per invalid field. */
  readonly causes?: ReadonlyArray<{ reason: string; message: string; field: string }> | undefined;
  /** For a 429: when to try again. */
  readonly retryAfterSeconds?: number | undefined;
}

/** An API error as the API server sends it: a `Status` object with the HTTP code. */
export class KubeStatusError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly details: StatusDetails = {},
    readonly reason: string = REASONS[code] ?? 'Unknown',
  ) {
    super(message);
  }

  /** The `Status` object (kind `Status`, apiVersion `v1`). */
  toStatus(): Record<string, unknown> {
    const details = Object.fromEntries(Object.entries(this.details).filter(([, v]) => v !== undefined));
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(Object.keys(details).length > 0 ? { details } : {}),
      code: this.code,
    };
  }

  /** The HTTP response carrying the Status. */
  toResponse(headers: Record<string, string> = {}): Response {
    return new Response(JSON.stringify(this.toStatus()), {
      status: this.code,
      headers: { 'content-type': 'application/json', ...headers },
    });
  }
}

/** `jobs.batch`, or `configmaps` for the core group: how the API server names a resource in messages. */
export function qualifiedResource(resource: string, group: string): string {
  return group === '' ? resource : `${resource}.${group}`;
}

/** The API server's 404 for a named object. */
export function notFound(resource: string, group: string, name: string): KubeStatusError {
  return new KubeStatusError(404, `${qualifiedResource(resource, group)} "${name}" not found`, {
    name,
    group: group || undefined,
    kind: resource,
  });
}

/** The API server's 409 for a create of a name that exists. */
export function alreadyExists(resource: string, group: string, name: string): KubeStatusError {
  return new KubeStatusError(409, `${qualifiedResource(resource, group)} "${name}" already exists`, {
    name,
    group: group || undefined,
    kind: resource,
  });
}

/** The API server's 422 for an object that fails validation, one cause per bad field. */
export function invalid(
  resource: string,
  group: string,
  name: string,
  causes: ReadonlyArray<{ field: string; message: string }>,
): KubeStatusError {
  const kind = resource === 'jobs' ? 'Job' : resource === 'configmaps' ? 'ConfigMap' : resource;
  return new KubeStatusError(
    422,
    `${kind}${group ? `.${group}` : ''} "${name}" is invalid: ${causes.map((c) => `${c.field}: ${c.message}`).join(', ')}`,
    {
      name,
      group: group || undefined,
      kind,
      causes: causes.map((cause) => ({ reason: 'FieldValueInvalid', ...cause })),
    },
  );
}
