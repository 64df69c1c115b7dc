import type { AppProject } from '@internal/plugin-gitops-common';

/**
 * A project that grants everything a test app needs: any repository,
 * folder, cluster and namespace, the usual cluster-scoped kinds, and the
 * loopback servers tests start. Tenancy tests build narrower ones.
 */
export function testProject(overrides: Partial<AppProject> = {}): AppProject {
  return {
    name: 'test',
    owners: ['group:default/test-team'],
    sourceRepos: ['**'],
    sourcePaths: ['**'],
    destinations: [{ cluster: '*', namespaces: ['*'] }],
    clusterResourceAllowList: [{ group: '*', kind: '*' }],
    namespaceResourceDenyList: [],
    outboundHosts: ['127.0.0.1:*', 'localhost:*'],
    ...overrides,
  };
}
