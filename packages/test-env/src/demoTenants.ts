import { parse } from 'yaml';
import type { TenantRbacLayout, TenantSpec } from './tenantRbacObjects';

interface ProjectConfig {
  name?: string;
  destinations?: Array<{
    cluster?: string;
    namespaces?: string[];
    serviceAccount?: string;
  }>;
  clusterResourceAllowList?: Array<{ group?: string; kind?: string }>;
}

const DEPLOYER = /^([a-z0-9-]+)\/([a-z0-9-]+)-deployer$/;
const GLOB = /[*?[\]{}]/;

/**
 * The tenants the local demo sets up, read from the `slipway.projects` of
 * an app-config file, so the projects stay the one place that names the
 * deployers: each destination on `cluster` names a ServiceAccount
 * `<system namespace>/<team>-deployer` and literal namespaces; a project
 * that allows Namespace objects lets its deployer patch its own.
 */
export function demoTenantLayout(
  appConfigYaml: string,
  cluster: string,
): TenantRbacLayout {
  const projects: ProjectConfig[] =
    parse(appConfigYaml)?.slipway?.projects ?? [];
  let systemNamespace: string | undefined;
  const tenants: Record<string, TenantSpec> = {};
  for (const project of projects) {
    const at = `project '${project.name}'`;
    const namespaceObjects = (project.clusterResourceAllowList ?? []).some(
      k => !k.group && k.kind === 'Namespace',
    );
    for (const d of project.destinations ?? []) {
      if (d.cluster !== cluster) continue;
      const match = d.serviceAccount?.match(DEPLOYER);
      if (!match) {
        throw new Error(
          `${at}: the demo creates destination ServiceAccounts named '<namespace>/<team>-deployer', not '${d.serviceAccount}'`,
        );
      }
      const [, ns, team] = match;
      if (systemNamespace && ns !== systemNamespace) {
        throw new Error(
          `${at}: deployers live in one namespace ('${systemNamespace}'), not '${ns}'`,
        );
      }
      systemNamespace = ns;
      const glob = d.namespaces?.find(n => GLOB.test(n));
      if (glob) {
        throw new Error(
          `${at}: the demo creates namespaces by name, not the glob '${glob}'`,
        );
      }
      const tenant = (tenants[team] ??= { namespaces: [] });
      tenant.namespaces = [
        ...new Set([...tenant.namespaces, ...(d.namespaces ?? [])]),
      ];
      tenant.namespaceObjects ||= namespaceObjects;
    }
  }
  return { systemNamespace, tenants };
}
