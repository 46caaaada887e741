/** The kubeconfig that points a client at the fake API server. */

/** A kubeconfig (YAML) for the API server at `baseUrl`, a bearer `token` and a default `namespace`. */
export function fakeKubeconfig(baseUrl: string, token: string, namespace: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: fake',
    '  cluster:',
    `    server: ${baseUrl}`,
    // The client refuses plain http unless told to skip TLS verification; the fake speaks plain http.
    '    insecure-skip-tls-verify: true',
    'users:',
    '- name: fake-user',
    '  user:',
    `    token: ${JSON.stringify(token)}`,
    'contexts:',
    '- name: fake',
    '  context:',
    '    cluster: fake',
    '    user: fake-user',
    `    namespace: ${namespace}`,
    'current-context: fake',
    '',
  ].join('\n');
}
