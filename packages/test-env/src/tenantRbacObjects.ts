import type {
  KubernetesObject,
  V1ClusterRole,
  V1ClusterRoleBinding,
  V1Namespace,
  V1PolicyRule,
  V1Role,
  V1RoleBinding,
  V1ServiceAccount,
} from '@kubernetes/client-node';

/** One team's share of a cluster. */
export interface TenantSpec {
  /** Namespaces the team's apps deliver into; created when missing. */
  namespaces: string[];
  /**
   * Whether the team's project allows Namespace objects
   * (`clusterResourceAllowList`): then its deployer may get, create and patch
   * its own Namespace objects, and no others.
   */
  namespaceObjects?: boolean;
}

export interface TenantRbacLayout {
  /** Namespace of Slipway's own ServiceAccount and the deployers (default `slipway-system`). */
  systemNamespace?: string;
  /** Teams by name; a team's deployer is `<system namespace>/<team>-deployer`. */
  tenants: Record<string, TenantSpec>;
}

/** ServiceAccount Slipway itself runs as. */
export const SLIPWAY_SERVICE_ACCOUNT = 'slipway';
/** Cluster roles with the same rules for every layout, so layouts share them. */
export const READER_CLUSTER_ROLE = 'slipway-reader';
export const DEPLOYER_CLUSTER_ROLE = 'slipway-deployer';

const RBAC = 'rbac.authorization.k8s.io';
const READ = ['get', 'list', 'watch'];
const WRITE = [...READ, 'create', 'update', 'patch', 'delete'];

export const systemNamespaceOf = (layout: TenantRbacLayout) =>
  layout.systemNamespace ?? 'slipway-system';
export const deployerName = (team: string) => `${team}-deployer`;

/**
 * What one delivery writes in a tenant namespace: the workload kinds,
 * their configuration and exposure, and the routing objects the rollout
 * engine writes for canaries. Pods, ReplicaSets and events are read only:
 * controllers make them. No RBAC objects, so a tenant cannot grant itself more.
 */
export const DEPLOYER_RULES: V1PolicyRule[] = [
  {
    apiGroups: [''],
    resources: [
      'configmaps',
      'secrets',
      'services',
      'serviceaccounts',
      'persistentvolumeclaims',
    ],
    verbs: WRITE,
  },
  {
    apiGroups: [''],
    resources: ['pods', 'pods/log', 'endpoints', 'events'],
    verbs: READ,
  },
  {
    apiGroups: ['apps'],
    resources: [
      'deployments',
      'deployments/scale',
      'statefulsets',
      'statefulsets/scale',
      'daemonsets',
    ],
    verbs: WRITE,
  },
  { apiGroups: ['apps'], resources: ['replicasets'], verbs: READ },
  { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: WRITE },
  {
    apiGroups: ['autoscaling'],
    resources: ['horizontalpodautoscalers'],
    verbs: WRITE,
  },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: WRITE },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: WRITE },
  {
    apiGroups: ['discovery.k8s.io'],
    resources: ['endpointslices'],
    verbs: READ,
  },
  { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: READ },
  {
    apiGroups: ['networking.istio.io'],
    resources: ['virtualservices', 'destinationrules'],
    verbs: WRITE,
  },
  {
    apiGroups: ['gateway.networking.k8s.io'],
    resources: ['httproutes'],
    verbs: WRITE,
  },
  {
    apiGroups: ['apisix.apache.org'],
    resources: ['apisixroutes'],
    verbs: WRITE,
  },
];

const sorted = (names: Iterable<string>) => [...new Set(names)].sort();

function namespace(name: string): V1Namespace {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

function serviceAccount(ns: string, name: string): V1ServiceAccount {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name, namespace: ns },
  };
}

const subject = (ns: string, name: string) => ({
  kind: 'ServiceAccount',
  name,
  namespace: ns,
});

/** Slipway's own identity: reads everything, impersonates only the deployers. */
function slipwayObjects(layout: TenantRbacLayout): KubernetesObject[] {
  const system = systemNamespaceOf(layout);
  const slipway = subject(system, SLIPWAY_SERVICE_ACCOUNT);
  const reader: V1ClusterRole = {
    apiVersion: `${RBAC}/v1`,
    kind: 'ClusterRole',
    metadata: { name: READER_CLUSTER_ROLE },
    // Live state comes from watches over every kind an app may hold.
    rules: [{ apiGroups: ['*'], resources: ['*'], verbs: READ }],
  };
  const readerBinding: V1ClusterRoleBinding = {
    apiVersion: `${RBAC}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name: `${system}:${READER_CLUSTER_ROLE}` },
    roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: READER_CLUSTER_ROLE },
    subjects: [slipway],
  };
  // A Role in the system namespace, not a ClusterRole: resourceNames alone
  // would also match a same-named ServiceAccount a tenant makes in its own namespace.
  const impersonate: V1Role = {
    apiVersion: `${RBAC}/v1`,
    kind: 'Role',
    metadata: { name: 'slipway-impersonate-deployers', namespace: system },
    rules: [
      {
        apiGroups: [''],
        resources: ['serviceaccounts'],
        verbs: ['impersonate'],
        resourceNames: sorted(Object.keys(layout.tenants).map(deployerName)),
      },
    ],
  };
  const impersonateBinding: V1RoleBinding = {
    apiVersion: `${RBAC}/v1`,
    kind: 'RoleBinding',
    metadata: { name: 'slipway-impersonate-deployers', namespace: system },
    roleRef: {
      apiGroup: RBAC,
      kind: 'Role',
      name: impersonate.metadata!.name!,
    },
    subjects: [slipway],
  };
  return [
    serviceAccount(system, SLIPWAY_SERVICE_ACCOUNT),
    reader,
    readerBinding,
    impersonate,
    impersonateBinding,
  ];
}

/** A team's deployer, bound in its namespaces only. */
function tenantObjects(
  system: string,
  team: string,
  spec: TenantSpec,
): KubernetesObject[] {
  const deployer = subject(system, deployerName(team));
  const bindings = sorted(spec.namespaces).map(
    (ns): V1RoleBinding => ({
      apiVersion: `${RBAC}/v1`,
      kind: 'RoleBinding',
      metadata: { name: deployer.name, namespace: ns },
      roleRef: {
        apiGroup: RBAC,
        kind: 'ClusterRole',
        name: DEPLOYER_CLUSTER_ROLE,
      },
      subjects: [deployer],
    }),
  );
  const objects: KubernetesObject[] = [
    serviceAccount(system, deployer.name),
    ...bindings,
  ];
  if (spec.namespaceObjects) {
    // Namespaces are cluster-scoped: a ClusterRole limited by resourceNames.
    const name = `${system}:${deployer.name}-namespaces`;
    const role: V1ClusterRole = {
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRole',
      metadata: { name },
      rules: [
        {
          apiGroups: [''],
          resources: ['namespaces'],
          verbs: ['get', 'create', 'patch'],
          resourceNames: sorted(spec.namespaces),
        },
      ],
    };
    const binding: V1ClusterRoleBinding = {
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRoleBinding',
      metadata: { name },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name },
      subjects: [deployer],
    };
    objects.push(role, binding);
  }
  return objects;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Refuses a layout that would hand a team more than its namespaces: one in
 * the system namespace could read Slipway's token and make ServiceAccounts
 * beside the deployers, one in kube-* could reach the control plane's own
 * workloads, and a namespace shared by two teams belongs to neither.
 */
export function checkTenantLayout(layout: TenantRbacLayout): void {
  const system = systemNamespaceOf(layout);
  if (!DNS_LABEL.test(system)) {
    throw new Error(`systemNamespace '${system}' is not a DNS label`);
  }
  const ownerOf = new Map<string, string>();
  for (const [team, spec] of Object.entries(layout.tenants)) {
    if (!DNS_LABEL.test(team)) {
      throw new Error(`tenant '${team}': the name is not a DNS label`);
    }
    if (!spec.namespaces.length) {
      throw new Error(`tenant '${team}': list at least one namespace`);
    }
    for (const ns of spec.namespaces) {
      if (!DNS_LABEL.test(ns)) {
        throw new Error(
          `tenant '${team}': namespace '${ns}' is not a DNS label`,
        );
      }
      if (ns === system || ns.startsWith('kube-')) {
        throw new Error(
          `tenant '${team}': namespace '${ns}' is reserved for Slipway or Kubernetes`,
        );
      }
      const other = ownerOf.get(ns);
      if (other && other !== team) {
        throw new Error(
          `tenant '${team}': namespace '${ns}' already belongs to tenant '${other}'`,
        );
      }
      ownerOf.set(ns, team);
    }
  }
}

/**
 * Every object of a layout, in apply order: namespaces first (the
 * RoleBindings live in them), then identities, roles and bindings.
 */
export function tenantRbacObjects(
  layout: TenantRbacLayout,
): KubernetesObject[] {
  checkTenantLayout(layout);
  const system = systemNamespaceOf(layout);
  const teams = Object.keys(layout.tenants).sort();
  const namespaces = sorted([
    system,
    ...teams.flatMap(team => layout.tenants[team].namespaces),
  ]);
  const deployerRole: V1ClusterRole = {
    apiVersion: `${RBAC}/v1`,
    kind: 'ClusterRole',
    metadata: { name: DEPLOYER_CLUSTER_ROLE },
    rules: DEPLOYER_RULES,
  };
  return [
    ...namespaces.map(namespace),
    ...slipwayObjects(layout),
    deployerRole,
    ...teams.flatMap(team => tenantObjects(system, team, layout.tenants[team])),
  ];
}
