/** RBAC that lacks a permission: the 403 names it, and authenticate() answers false. */
import { AuthenticationError } from '@neural/integrations-core';
import { describe, expect, it } from 'vitest';
import { useInProcessCluster } from './support/in-process.js';

const cluster = useInProcessCluster({
  denied: [
    { verb: 'create', resource: 'jobs', group: 'batch' },
    { verb: 'list', resource: 'nodes', group: '' },
  ],
});

describe('403 names the missing permission', () => {
  it('on submit, with AuthenticationError code PERMISSION_DENIED', async () => {
    const error = await cluster
      .connect()
      .submitJob({ code: 'print(1)' })
      .catch((e: unknown) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as AuthenticationError).code).toBe('PERMISSION_DENIED');
    expect((error as Error).message).toContain(
      'missing permission to create jobs.batch in namespace "default"',
    );
  });

  it('for cluster-wide reads', async () => {
    const error = await cluster
      .connect()
      .getResourceUsage()
      .catch((e: unknown) => e);
    expect((error as Error).message).toContain('missing permission to list nodes (cluster-wide)');
  });

  it('authenticate() answers false when Jobs may not be created', async () => {
    const connector = cluster.connect();
    expect(await connector.authenticate()).toBe(false);
    expect(connector.authenticated).toBe(false);
  });
});
