import { existsSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { InvalidParameterError, strictOptions } from '@neural/integrations-core';
import { expandHome } from '@neural/integrations-core/node';
import { z } from 'zod';

/**
 * Where a {@link KubernetesConnector} finds its cluster and credentials, as `kubectl` does. Give one of:
 *
 * - `kubeconfigPath` (a kubeconfig file) or `kubeconfig` (its YAML text), optionally with `context`;
 * - `inCluster: true`: the pod's service account (token, CA and namespace under
 *   `/var/run/secrets/kubernetes.io/serviceaccount`);
 * - `endpoint` (the API server's URL) and `token` (a bearer token), with `certificateAuthorityData` (base64 PEM) or
 *   `insecureSkipTlsVerify`;
 * - nothing (`{}`): `$KUBECONFIG`, then `~/.kube/config`, then the in-cluster service account.
 *
 * Exec plugins (`aws eks get-token`, `gke-gcloud-auth-plugin`, `kubelogin`) and OIDC in a kubeconfig work as
 * the official client runs them. Every secret (the kubeconfig's text, tokens, keys) is redacted.
 */
export interface KubernetesCredentials {
  /** A kubeconfig file. `~` is expanded. */
  readonly kubeconfigPath?: string | undefined;
  /** A kubeconfig's YAML text. Treated as a secret. */
  readonly kubeconfig?: string | undefined;
  /** The kubeconfig context to use. Default: its `current-context`. */
  readonly context?: string | undefined;
  /** Use the pod's service account. */
  readonly inCluster?: boolean | undefined;
  /** The API server's URL (a kubeconfig's `server`), with `token`. */
  readonly endpoint?: string | undefined;
  /** A bearer token for `endpoint`. */
  readonly token?: string | undefined;
  /** The API server's CA bundle (base64 PEM), with `endpoint`. */
  readonly certificateAuthorityData?: string | undefined;
  /** Skip TLS verification (and allow `http://`), with `endpoint`. For tests and local clusters only. */
  readonly insecureSkipTlsVerify?: boolean | undefined;
}

/** The zod schema of {@link KubernetesCredentials}: one source at most, each complete. */
export const KubernetesCredentialsSchema = strictOptions(
  {
    kubeconfigPath: z.string().min(1, 'must not be empty').optional(),
    kubeconfig: z.string().min(1, 'must not be empty').optional(),
    context: z.string().min(1, 'must not be empty').optional(),
    inCluster: z.boolean({ error: 'must be true or false' }).optional(),
    endpoint: z
      .string()
      .regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, 'must be an http(s) URL such as https://10.0.0.1:6443')
      .optional(),
    token: z.string().min(1, 'must not be empty').optional(),
    certificateAuthorityData: z.string().min(1, 'must not be empty').optional(),
    insecureSkipTlsVerify: z.boolean({ error: 'must be true or false' }).optional(),
  },
  // The API server's URL was `server` (a kubeconfig's name) before every connector called it `endpoint`.
  { renamed: { server: 'endpoint' } },
).superRefine((value, ctx) => {
  const sources = [
    value.kubeconfigPath !== undefined && 'kubeconfigPath',
    value.kubeconfig !== undefined && 'kubeconfig',
    value.inCluster === true && 'inCluster',
    value.endpoint !== undefined && 'endpoint',
  ].filter(Boolean);
  if (sources.length > 1) {
    ctx.addIssue({
      code: 'custom',
      path: [sources[1] as string],
      message: `cannot be combined with ${sources[0]}: give one source of credentials`,
    });
  }
  if ((value.endpoint === undefined) !== (value.token === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: [value.endpoint === undefined ? 'endpoint' : 'token'],
      message: 'endpoint and token go together',
    });
  }
  if (value.context !== undefined && (value.inCluster || value.endpoint !== undefined)) {
    ctx.addIssue({ code: 'custom', path: ['context'], message: 'only applies to a kubeconfig' });
  }
});

/** Loads the {@link KubernetesCredentials} into the official client's `KubeConfig`. */
export function loadKubeConfig(credentials: KubernetesCredentials): KubeConfig {
  const kubeConfig = new KubeConfig();
  try {
    if (credentials.kubeconfigPath !== undefined)
      kubeConfig.loadFromFile(expandHome(credentials.kubeconfigPath));
    else if (credentials.kubeconfig !== undefined) kubeConfig.loadFromString(credentials.kubeconfig);
    else if (credentials.inCluster) {
      // The client would load an in-cluster config anywhere and fail at the first request; say so now.
      const token = '/var/run/secrets/kubernetes.io/serviceaccount/token';
      if (!process.env.KUBERNETES_SERVICE_HOST || !existsSync(token)) {
        throw InvalidParameterError.fromIssues('credentials', [
          {
            field: 'inCluster',
            rule: `needs to run in a pod: ${process.env.KUBERNETES_SERVICE_HOST ? `${token} is missing (automountServiceAccountToken off?)` : 'KUBERNETES_SERVICE_HOST is not set'}`,
          },
        ]);
      }
      kubeConfig.loadFromCluster();
    } else if (credentials.endpoint !== undefined) {
      kubeConfig.loadFromClusterAndUser(
        {
          name: 'cluster',
          server: credentials.endpoint,
          skipTLSVerify: credentials.insecureSkipTlsVerify ?? false,
          ...(credentials.certificateAuthorityData ? { caData: credentials.certificateAuthorityData } : {}),
        },
        { name: 'user', token: credentials.token },
      );
    } else kubeConfig.loadFromDefault();
  } catch (error) {
    if (InvalidParameterError.isInstance(error)) throw error;
    const where =
      credentials.kubeconfigPath ??
      (credentials.kubeconfig !== undefined ? 'kubeconfig' : 'the default kubeconfig');
    throw InvalidParameterError.fromIssues('credentials', [
      {
        field: credentials.kubeconfigPath !== undefined ? 'kubeconfigPath' : 'kubeconfig',
        rule: `must be a readable kubeconfig (${where}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)})`,
      },
    ]);
  }
  if (credentials.context !== undefined) {
    if (!kubeConfig.getContexts().some((context) => context.name === credentials.context)) {
      throw InvalidParameterError.fromIssues('credentials', [
        {
          field: 'context',
          rule: `must name a context of the kubeconfig (${
            kubeConfig
              .getContexts()
              .map((c) => c.name)
              .join(', ') || 'it has none'
          })`,
        },
      ]);
    }
    kubeConfig.setCurrentContext(credentials.context);
  }
  if (!kubeConfig.getCurrentCluster()) {
    throw InvalidParameterError.fromIssues('credentials', [
      {
        field: credentials.context !== undefined ? 'context' : 'kubeconfig',
        rule: 'must select a cluster (no current context or cluster found)',
      },
    ]);
  }
  return kubeConfig;
}

/** The secrets a loaded kubeconfig holds for its current user, to register with the redactor. */
export function kubeConfigSecrets(kubeConfig: KubeConfig): string[] {
  const user = kubeConfig.getCurrentUser();
  if (!user) return [];
  const secrets = [
    user.token,
    user.password,
    user.keyData,
    user.authProvider?.config?.['id-token'],
    user.authProvider?.config?.['refresh-token'],
    user.authProvider?.config?.['access-token'],
    user.authProvider?.config?.['client-secret'],
  ];
  return secrets.filter((secret): secret is string => typeof secret === 'string' && secret.length > 0);
}
