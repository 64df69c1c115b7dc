import type {
  AppProject,
  ProjectDestination,
  ProjectKind,
} from '@slipway/plugin-gitops-common';
import { canonicalRepoUrl, matchesAny, matchesGlob } from './glob';

/**
 * Why a project refuses something: the rule, and a message naming it.
 *
 * @public
 */
export interface ProjectDenial {
  rule: string;
  message: string;
}

const where = (project: AppProject) => `project '${project.name}'`;

/**
 * Refuses a repository outside the project's `sourceRepos`.
 *
 * @public
 */
export function checkSourceRepo(
  project: AppProject,
  repoUrl: string,
): ProjectDenial | undefined {
  const url = canonicalRepoUrl(repoUrl);
  if (project.sourceRepos.some(p => matchesGlob(canonicalRepoUrl(p), url)))
    return undefined;
  return {
    rule: 'sourceRepos',
    message: `repository '${url}' is not in the sourceRepos of ${where(
      project,
    )}`,
  };
}

/**
 * Refuses a folder outside the project's `sourcePaths` (`''` is the
 * repository root). A folder is allowed when it or one of its parents matches.
 *
 * @public
 */
export function checkSourcePath(
  project: AppProject,
  path: string,
): ProjectDenial | undefined {
  const parts = path.split('/').filter(Boolean);
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  // `dir/**` covers `dir` itself too, as an operator writing it means.
  const covers = (pattern: string, folder: string) =>
    matchesGlob(pattern, folder) ||
    (pattern.endsWith('/**') && matchesGlob(pattern.slice(0, -3), folder));
  if (
    project.sourcePaths.some(
      p => p === '**' || candidates.some(c => covers(p, c)),
    )
  )
    return undefined;
  return {
    rule: 'sourcePaths',
    message: `folder '${path || '/'}' is not in the sourcePaths of ${where(
      project,
    )}`,
  };
}

/**
 * The destination a cluster and namespace fall in, if any.
 *
 * @public
 */
export function destinationOf(
  project: AppProject,
  cluster: string,
  namespace: string,
): ProjectDestination | undefined {
  return project.destinations.find(
    d => matchesGlob(d.cluster, cluster) && matchesAny(d.namespaces, namespace),
  );
}

/**
 * Refuses a cluster and namespace outside the project's destinations.
 *
 * @public
 */
export function checkDestination(
  project: AppProject,
  cluster: string,
  namespace: string,
): ProjectDenial | undefined {
  if (destinationOf(project, cluster, namespace)) return undefined;
  return {
    rule: 'destinations',
    message: `namespace '${namespace}' on cluster '${cluster}' is not a destination of ${where(
      project,
    )}`,
  };
}

// `*` also matches the core group, whose name is empty.
const kindMatches = (rule: ProjectKind, group: string, kind: string) =>
  (rule.group === '*' ||
    rule.group === group ||
    (group !== '' && matchesGlob(rule.group, group))) &&
  matchesGlob(rule.kind, kind);

const groupKind = (group: string, kind: string) =>
  group ? `${group}/${kind}` : kind;

/**
 * Refuses an object the project does not grant: a cluster-scoped kind not on
 * `clusterResourceAllowList`, a namespaced kind on
 * `namespaceResourceDenyList`, or a namespace outside the destinations.
 *
 * @public
 */
export function checkObject(
  project: AppProject,
  cluster: string,
  object: { group: string; kind: string; namespace?: string },
): ProjectDenial | undefined {
  const { group, kind, namespace } = object;
  if (namespace === undefined) {
    if (project.clusterResourceAllowList.some(r => kindMatches(r, group, kind)))
      return undefined;
    return {
      rule: 'clusterResourceAllowList',
      message: `cluster-scoped ${groupKind(
        group,
        kind,
      )} is not in the clusterResourceAllowList of ${where(project)}`,
    };
  }
  if (
    project.namespaceResourceDenyList.some(r => kindMatches(r, group, kind))
  ) {
    return {
      rule: 'namespaceResourceDenyList',
      message: `${groupKind(
        group,
        kind,
      )} is in the namespaceResourceDenyList of ${where(project)}`,
    };
  }
  return checkDestination(project, cluster, namespace);
}

/**
 * `system:serviceaccount:<ns>:<name>`, the user Slipway impersonates for a destination.
 *
 * @public
 */
export function impersonatedUser(
  destination: ProjectDestination | undefined,
): string | undefined {
  if (!destination?.serviceAccount) return undefined;
  const [namespace, name] = destination.serviceAccount.split('/');
  return `system:serviceaccount:${namespace}:${name}`;
}

/**
 * Whether an outbound `host` or `host:port` is on the project's `outboundHosts`.
 *
 * @public
 */
export function allowsOutboundHost(
  project: AppProject,
  host: string,
  port?: string,
): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return project.outboundHosts.some(pattern => {
    const p = pattern.toLowerCase();
    return port
      ? matchesGlob(p, `${h}:${port}`) || matchesGlob(p, h)
      : matchesGlob(p, h);
  });
}
