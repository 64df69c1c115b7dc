import type { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type {
  AppProject,
  ProjectDestination,
  ProjectKind,
} from '@slipway/plugin-gitops-common';

/**
 * The projects of `slipway.projects` and the default one.
 *
 * @public
 */
export interface ProjectSettings {
  projects: AppProject[];
  /** Project of entities that name none; none means such entities get no app. */
  defaultProject?: string;
}

const NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const SERVICE_ACCOUNT =
  /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\/[a-z0-9]([-.a-z0-9]{0,251}[a-z0-9])?$/;

/**
 * A group ref as project owners and entity owners are compared: `group:<ns>/<name>`.
 *
 * @public
 */
export function ownerRef(owner: string, defaultNamespace = 'default'): string {
  return stringifyEntityRef(
    parseEntityRef(owner, { defaultKind: 'group', defaultNamespace }),
  );
}

/**
 * Reads `slipway.projects` and `slipway.defaultProject`. Operator config is
 * trusted but checked: every mistake throws at startup with its key, since a
 * typo in a wall must not open it.
 *
 * @public
 */
export function readProjects(config: Config): ProjectSettings {
  const projects = (
    config.getOptionalConfigArray('slipway.projects') ?? []
  ).map((c, i) => readProject(c, `slipway.projects[${i}]`));
  const names = projects.map(p => p.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice)
    throw new Error(`slipway.projects: project '${twice}' is declared twice`);
  const defaultProject = config.getOptionalString('slipway.defaultProject');
  if (defaultProject !== undefined && !names.includes(defaultProject)) {
    throw new Error(
      `slipway.defaultProject: no project '${defaultProject}' in slipway.projects`,
    );
  }
  return { projects, defaultProject };
}

function readProject(c: Config, at: string): AppProject {
  const name = c.getString('name');
  if (!NAME.test(name))
    throw new Error(`${at}.name: '${name}' is not a DNS label`);
  const owners = c.getStringArray('owners').map((o, i) => {
    try {
      return ownerRef(o);
    } catch (error) {
      throw new Error(`${at}.owners[${i}]: ${(error as Error).message}`);
    }
  });
  return {
    name,
    description: c.getOptionalString('description'),
    owners,
    sourceRepos: c.getStringArray('sourceRepos'),
    sourcePaths: c.getOptionalStringArray('sourcePaths') ?? ['**'],
    destinations: c
      .getConfigArray('destinations')
      .map((d, i) => readDestination(d, `${at}.destinations[${i}]`)),
    clusterResourceAllowList: readKinds(c, 'clusterResourceAllowList', at),
    namespaceResourceDenyList: readKinds(c, 'namespaceResourceDenyList', at),
    outboundHosts: c.getOptionalStringArray('outboundHosts') ?? [],
  };
}

function readDestination(d: Config, at: string): ProjectDestination {
  const serviceAccount = d.getOptionalString('serviceAccount');
  if (serviceAccount !== undefined && !SERVICE_ACCOUNT.test(serviceAccount)) {
    throw new Error(
      `${at}.serviceAccount: '${serviceAccount}' is not '<namespace>/<name>'`,
    );
  }
  const namespaces = d.getStringArray('namespaces');
  if (!namespaces.length)
    throw new Error(`${at}.namespaces: list at least one namespace glob`);
  return { cluster: d.getString('cluster'), namespaces, serviceAccount };
}

function readKinds(c: Config, key: string, at: string): ProjectKind[] {
  return (c.getOptionalConfigArray(key) ?? []).map((k, i) => {
    const kind = k.getString('kind');
    if (!kind) throw new Error(`${at}.${key}[${i}].kind: must not be empty`);
    // Config readers refuse '' as a string: read the core group ('') raw.
    const group = k.getOptional('group') ?? '';
    if (typeof group !== 'string')
      throw new Error(`${at}.${key}[${i}].group: must be a string`);
    return { group, kind };
  });
}
