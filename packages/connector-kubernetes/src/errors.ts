import { ApiException } from '@kubernetes/client-node';
import {
  AuthenticationError,
  CloudConnectionError,
  CloudException,
  CloudExecutionError,
  InvalidParameterError,
  isAbortError,
  OperationAbortedError,
  RateLimitError,
} from '@neural/integrations-core';
import { z } from 'zod';

/** What a call needed, named in the error when RBAC refuses it: `create jobs.batch in namespace "ml"`. */
export interface Permission {
  /** `get`, `list`, `create`, `delete`. */
  readonly verb: string;
  /** The resource's plural (`jobs`, `pods/log`). */
  readonly resource: string;
  /** The API group (`batch`, `''` for the core group). */
  readonly group: string;
  /** The namespace, or `undefined` for a cluster-scoped resource. */
  readonly namespace: string | undefined;
}

/** A `metav1.Status`, the body of every API error; only what the connector reads. */
const StatusSchema = z.looseObject({
  kind: z.literal('Status').optional(),
  message: z.string().optional(),
  reason: z.string().optional(),
  code: z.number().optional(),
  details: z
    .looseObject({
      name: z.string().optional(),
      kind: z.string().optional(),
      causes: z
        .array(z.looseObject({ field: z.string().optional(), message: z.string().optional() }))
        .optional(),
      retryAfterSeconds: z.number().optional(),
    })
    .optional(),
});

/** The API server's Status for an `ApiException` (the client keeps the body as text or as parsed JSON). */
export function statusOf(error: ApiException<unknown>): z.infer<typeof StatusSchema> | undefined {
  let body: unknown = error.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  const parsed = StatusSchema.safeParse(body);
  return parsed.success ? parsed.data : undefined;
}

const describe = (permission: Permission) =>
  `${permission.verb} ${permission.group ? `${permission.resource}.${permission.group}` : permission.resource}${
    permission.namespace === undefined ? ' (cluster-wide)' : ` in namespace "${permission.namespace}"`
  }`;

function retryAfterMs(error: ApiException<unknown>, status: ReturnType<typeof statusOf>): number | undefined {
  const header = Object.entries(error.headers ?? {}).find(
    ([name]) => name.toLowerCase() === 'retry-after',
  )?.[1];
  const seconds = header !== undefined ? Number(header) : status?.details?.retryAfterSeconds;
  return seconds !== undefined && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/**
 * The contract's error for anything the client threw: 401 → `AuthenticationError`, 403 → `AuthenticationError`
 * (`PERMISSION_DENIED`) naming the permission the call needed, 422 → `InvalidParameterError` with the API
 * server's causes, 429 → `RateLimitError` (with `Retry-After`), 5xx and dropped connections → retryable,
 * an abort → `OperationAbortedError`. 404 and 409 are the callers' to interpret, so they come back as a
 * `CloudExecutionError` with code `KUBERNETES_404` / `KUBERNETES_409`.
 */
export function toContractError(error: unknown, operation: string, permission: Permission): CloudException {
  if (CloudException.isInstance(error)) return error;
  if (isAbortError(error) || (error instanceof Error && error.name === 'AbortError')) {
    return new OperationAbortedError(`${operation} was aborted`, { cause: error });
  }
  if (!(error instanceof ApiException)) {
    const message = error instanceof Error ? error.message : String(error);
    return new CloudConnectionError(
      `${operation} failed: cannot reach the Kubernetes API server (${message})`,
      {
        cause: error,
      },
    );
  }
  const status = statusOf(error);
  const said = status?.message ? `: ${status.message}` : '';
  const code = error.code;
  if (code === 401) {
    return new AuthenticationError(
      `${operation} failed: the Kubernetes API server refused the credentials (401 Unauthorized)`,
      { cause: error },
    );
  }
  if (code === 403) {
    return new AuthenticationError(
      `${operation} failed: missing permission to ${describe(permission)} (403 Forbidden${said}). Grant it with a Role, as the README shows`,
      { code: 'PERMISSION_DENIED', cause: error },
    );
  }
  if (code === 422 || (code === 400 && status?.reason === 'BadRequest' && operation === 'submitJob')) {
    const causes = status?.details?.causes ?? [];
    return new InvalidParameterError(
      `${operation} failed: the Kubernetes API server refused the object${said}`,
      {
        issues:
          causes.length > 0
            ? causes.map((cause) => ({ field: cause.field ?? '', rule: cause.message ?? 'is invalid' }))
            : [{ field: '', rule: status?.message ?? 'is invalid' }],
        cause: error,
      },
    );
  }
  if (code === 429) {
    const wait = retryAfterMs(error, status);
    return new RateLimitError(
      `${operation} failed: the Kubernetes API server asked to slow down (429)${said}`,
      {
        ...(wait !== undefined ? { retryAfterMs: wait } : {}),
        cause: error,
      },
    );
  }
  return new CloudExecutionError(`${operation} failed: Kubernetes answered ${code}${said}`, {
    code: `KUBERNETES_${code}`,
    retryable: code >= 500 || code === 408,
    cause: error,
  });
}

/** Whether a contract error came from this HTTP status (see {@link toContractError}). */
export function isHttpStatus(error: unknown, code: number): boolean {
  return CloudExecutionError.isInstance(error) && error.code === `KUBERNETES_${code}`;
}

/** The call's answer, or `undefined` when the API server says there is no such object (404). */
export async function unlessNotFound<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (isHttpStatus(error, 404)) return undefined;
    throw error;
  }
}
