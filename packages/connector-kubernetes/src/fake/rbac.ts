/**
 * Who may do what in the fake API server: bearer tokens to users (401 for any other), RBAC from the
 * `denied` rules (403 worded as the API server words it), and SelfSubjectAccessReviews answered from them.
 */
import type { KubeObject, ObjectMeta } from './objects.js';
import type { DeniedPermission, ResolvedFakeKubernetesOptions } from './options.js';
import { invalid, KubeStatusError } from './status.js';

type AccessOptions = Pick<ResolvedFakeKubernetesOptions, 'tokens' | 'denied'>;

/** The user a bearer token belongs to; 401 for any other `Authorization`. */
export function authenticate(options: AccessOptions, authorization: string | null): string {
  const token = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim();
  const user = token === undefined ? undefined : options.tokens[token];
  if (user === undefined) throw new KubeStatusError(401, 'Unauthorized');
  return user;
}

/** Whether RBAC lets `user` do `verb` on `resource` (in `namespace`). */
export function isAllowed(
  options: AccessOptions,
  verb: string,
  resource: string,
  group: string,
  namespace: string | undefined,
): boolean {
  return !options.denied.some(
    (rule: DeniedPermission) =>
      rule.verb === verb &&
      rule.resource === resource &&
      (rule.group ?? '') === group &&
      (rule.namespace === undefined || rule.namespace === namespace),
  );
}

/** What `authorize` is asked: who wants to do what, on which resource, where, and to which object. */
export type AuthorizeArgs = [
  user: string,
  verb: string,
  resource: string,
  group: string,
  namespace: string | undefined,
  name?: string,
];

/** 403 unless RBAC allows it, worded as the API server words it. */
export function authorize(
  options: AccessOptions,
  ...[user, verb, resource, group, namespace, name]: AuthorizeArgs
): void {
  if (isAllowed(options, verb, resource, group, namespace)) return;
  const [plural, sub] = resource.split('/');
  const what = `${group ? `${plural}.${group}` : plural}${name ? ` "${name}"` : ''}`;
  const scope = namespace === undefined ? 'at the cluster scope' : `in the namespace "${namespace}"`;
  throw new KubeStatusError(
    403,
    `${what} is forbidden: User "${user}" cannot ${verb} resource "${resource}" in API group "${group}" ${scope}`,
    { name, group: group || undefined, kind: sub ? resource : plural },
  );
}

/** `POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews`: answers from the `denied` rules. */
export function reviewAccess(options: AccessOptions, user: string, body: unknown): KubeObject {
  const attributes = (body as { spec?: { resourceAttributes?: Record<string, string> } } | null)?.spec
    ?.resourceAttributes;
  if (!attributes) {
    throw invalid('selfsubjectaccessreviews', 'authorization.k8s.io', '', [
      {
        field: 'spec.resourceAttributes',
        message:
          'Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified',
      },
    ]);
  }
  const verb = attributes.verb ?? '';
  const resource = attributes.subresource
    ? `${attributes.resource}/${attributes.subresource}`
    : (attributes.resource ?? '');
  const group = attributes.group ?? '';
  const allowed = isAllowed(options, verb, resource, group, attributes.namespace);
  return {
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: {} as ObjectMeta,
    spec: { resourceAttributes: attributes },
    status: allowed
      ? { allowed: true, reason: `RBAC: allowed for User "${user}"` }
      : { allowed: false, reason: `RBAC: ${verb} ${resource} is not granted to User "${user}"` },
  };
}
