/**
 * Checking the credentials: a SelfSubjectAccessReview asking whether they may create Jobs in the namespace.
 */
import { AuthenticationError, throwIfAborted } from '@neural/integrations-core';
import type { KubeClient } from './client.js';

/**
 * `true` when the credentials may create Jobs in the namespace, `false` when they are refused (401) or lack
 * that permission.
 *
 * @throws CloudConnectionError when the API server cannot be reached.
 */
export async function mayCreateJobs(client: KubeClient, signal: AbortSignal | undefined): Promise<boolean> {
  throwIfAborted(signal);
  try {
    const review = await client.call(
      'authenticate',
      {
        verb: 'create',
        resource: 'selfsubjectaccessreviews',
        group: 'authorization.k8s.io',
        namespace: undefined,
      },
      (callOptions) =>
        client.authorization.createSelfSubjectAccessReview(
          {
            body: {
              apiVersion: 'authorization.k8s.io/v1',
              kind: 'SelfSubjectAccessReview',
              spec: {
                resourceAttributes: {
                  namespace: client.namespace,
                  verb: 'create',
                  group: 'batch',
                  resource: 'jobs',
                },
              },
            },
          },
          callOptions,
        ),
      signal,
    );
    const allowed = review.status?.allowed === true;
    if (!allowed) {
      client.logger.warn('the credentials may not create Jobs in the namespace', {
        namespace: client.namespace,
        reason: review.status?.reason,
      });
    }
    return allowed;
  } catch (error) {
    // Refused credentials (401), or credentials that may not even ask (403): either way, not usable here.
    if (AuthenticationError.isInstance(error)) {
      return false;
    }
    throw error;
  }
}
