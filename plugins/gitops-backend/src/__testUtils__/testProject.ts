import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/config';
import type { AppProject } from '@slipway/plugin-gitops-common';
import { ProjectSettings, readProjects } from '@slipway/plugin-gitops-node';

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

/** `slipway.projects` as config: the permissive project, default for every entity of these owners. */
export function testProjectConfig(...owners: string[]): JsonObject {
  const project = testProject(owners.length ? { owners } : {});
  return { defaultProject: project.name, projects: [JSON.parse(JSON.stringify(project))] };
}

/** The same, as the sync engine reads it. */
export function testProjectSettings(...owners: string[]): ProjectSettings {
  return readProjects(new ConfigReader({ slipway: testProjectConfig(...owners) }));
}
