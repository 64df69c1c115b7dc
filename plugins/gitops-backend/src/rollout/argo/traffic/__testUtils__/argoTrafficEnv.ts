import type {
  KubernetesObject,
  RolloutCluster,
} from '@slipway/plugin-gitops-node';
import { testProject } from '../../../../__testUtils__/testProject';
import { rolloutClusterOf } from '../../../rolloutCluster';
import { useRouterEnv } from '../../../routers/__testUtils__/routerEnv';
import { canaryDoc, specOf } from '../../spec/__testUtils__/documents';
import type { ArgoTrafficContext } from '../types';

type Json = Record<string, any>;

/** The field manager of a team's other controller in these tests. */
export const TEAM_CONTROLLER = 'team-controller';

export const CANARY_HASH = '6f7d9c8b5';
export const STABLE_HASH = '5c4b8d7f6';

/** The canary fields of a Rollout `web` with services `web-stable` and `web-canary` and `trafficRouting`. */
export const routedCanary = (trafficRouting: Json, canary: Json = {}) => ({
  canaryService: 'web-canary',
  stableService: 'web-stable',
  trafficRouting,
  steps: [{ setWeight: 20 }, { pause: {} }],
  ...canary,
});

export interface ArgoTrafficEnv {
  readonly namespace: string;
  /** The cluster as the rollout engine sees it (its field manager). */
  readonly cluster: RolloutCluster;
  /** The context of Rollout `web` with these canary fields, parsed as a team's document would be. */
  context(
    canary: Json,
    overrides?: Partial<ArgoTrafficContext>,
  ): ArgoTrafficContext;
  /** Applies as the sync engine would (field manager `slipway`), in the test namespace unless one is given. */
  apply(obj: KubernetesObject): Promise<Json>;
  /** Applies as another controller of the team's (`team-controller`). */
  applyAs(manager: string, obj: KubernetesObject): Promise<Json>;
  get(
    apiVersion: string,
    kind: string,
    name: string,
    namespace?: string,
  ): Promise<Json>;
  find(
    apiVersion: string,
    kind: string,
    name: string,
    namespace?: string,
  ): Promise<Json | undefined>;
  /** A namespace of its own for the test file's other objects, deleted after the tests. */
  otherNamespace(): Promise<string>;
}

/** The managers owning `path` (e.g. `f:spec.f:exportTo`) in an object's managedFields. */
export function ownersOf(obj: Json, ...path: string[]): string[] {
  return (obj.metadata.managedFields ?? [])
    .filter((entry: Json) => {
      let node = entry.fieldsV1;
      for (const key of path) {
        node = node?.[key];
        if (node === undefined) return false;
      }
      return true;
    })
    .map((entry: Json) => entry.manager);
}

/**
 * The local control plane with the routing CRDs, one namespace for the
 * calling test file (see routers/__testUtils__/routerEnv.ts), and Argo
 * traffic contexts built from Rollout documents.
 */
export function useArgoTrafficEnv(prefix: string): ArgoTrafficEnv {
  const others: string[] = [];
  const started: { env?: ReturnType<typeof useRouterEnv> } = {};
  // Declared before the router env's, so it runs while that env is up.
  afterAll(async () => {
    for (const name of others) {
      await started.env?.cluster.delete({
        apiVersion: 'v1',
        kind: 'Namespace',
        name,
      });
    }
  });
  const env = useRouterEnv(prefix);
  started.env = env;
  const inNamespace = (obj: KubernetesObject): KubernetesObject => ({
    ...obj,
    metadata: {
      ...obj.metadata,
      namespace: obj.metadata.namespace ?? env.namespace,
    },
  });
  const cluster = () => rolloutClusterOf(env.cluster, testProject());
  return {
    get namespace() {
      return env.namespace;
    },
    get cluster() {
      return cluster();
    },
    context: (canary, overrides = {}) => {
      const spec = specOf(canaryDoc(canary));
      return {
        cluster: cluster(),
        namespace: env.namespace,
        rolloutName: 'web',
        spec,
        stableService: canary.stableService ?? '',
        canaryService: canary.canaryService ?? '',
        canaryHash: CANARY_HASH,
        stableHash: STABLE_HASH,
        ...overrides,
      };
    },
    apply: obj => env.cluster.apply(inNamespace(obj)),
    applyAs: (manager, obj) =>
      env.cluster.apply(inNamespace(obj), { fieldManager: manager }),
    find: (apiVersion, kind, name, namespace = env.namespace) =>
      env.cluster.get({ apiVersion, kind, namespace, name }),
    get: async (apiVersion, kind, name, namespace = env.namespace) => {
      const obj = await env.cluster.get({ apiVersion, kind, namespace, name });
      if (!obj) throw new Error(`${kind} ${namespace}/${name} not found`);
      return obj;
    },
    otherNamespace: async () => {
      const name = `${env.namespace}-${others.length + 1}`;
      await env.cluster.apply({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name },
      });
      others.push(name);
      return name;
    },
  };
}
