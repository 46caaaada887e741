/** The kubeconfig that points a client at the fake API server. */

/** A kubeconfig (YAML) for the API server at `url`, a bearer `token` and a default `namespace`. */
export function fakeKubeconfig(url: string, token: string, namespace: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: fake',
    '  cluster:',
    `    server: ${url}`,
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
