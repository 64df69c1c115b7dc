import { KubeConfig } from '@kubernetes/client-node';
import type {
  KubernetesObject,
  RolloutSpec,
  TrafficTarget,
} from '@slipway/plugin-gitops-node';
import { ensureRoutingCrds } from '@internal/test-env';
import { Cluster } from '../../../clusters/Cluster';
import { NamespaceAllowList } from '../../../clusters/NamespaceAllowList';
import {
  localKubeconfigPath,
  uniqueName,
} from '../../../clusters/__testUtils__/localKube';
import { testProject } from '../../../__testUtils__/testProject';
import { rolloutClusterOf } from '../../rolloutCluster';
import { parseRolloutDocument } from '../../spec';

/**
 * A RolloutSpec parsed from a Flagger Canary for `podinfo` (port 9898,
 * stepWeight 10) with `spec` merged over it, so tests route exactly what a
 * team's document would produce.
 */
export function canarySpec(spec: Record<string, unknown> = {}): RolloutSpec {
  const { analysis, ...rest } = spec as { analysis?: Record<string, unknown> };
  const result = parseRolloutDocument({
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: { name: 'podinfo' },
    spec: {
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo' },
      service: { port: 9898 },
      // What Flagger's CRD requires, under the test's own analysis.
      analysis: {
        interval: '1m',
        threshold: 2,
        ...(analysis ?? { stepWeight: 10, maxWeight: 50 }),
      },
      ...rest,
    },
  });
  if (!result.spec)
    throw new Error(`invalid test Canary: ${result.errors.join('; ')}`);
  return result.spec;
}

/** One namespace of the local control plane, with the routing CRDs installed. */
export interface RouterEnv {
  cluster: Cluster;
  namespace: string;
  target(spec: RolloutSpec): TrafficTarget;
  apply(obj: KubernetesObject): Promise<KubernetesObject>;
  /** The object as stored now; fails when it is missing. */
  get(apiVersion: string, kind: string, name: string): Promise<any>;
  /** The object as stored now, or undefined when it is missing. */
  find(apiVersion: string, kind: string, name: string): Promise<any>;
  stop(): Promise<void>;
}

export async function startRouterEnv(prefix: string): Promise<RouterEnv> {
  const kubeconfigPath = localKubeconfigPath();
  // Before the cluster's discovery runs, so it sees the routing kinds.
  await ensureRoutingCrds(kubeconfigPath);
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(kubeconfigPath);
  const cluster = new Cluster('local', kubeConfig, {
    namespaces: new NamespaceAllowList(['*']),
  });
  const namespace = uniqueName(prefix);
  await cluster.apply({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: namespace },
  });
  const rolloutCluster = rolloutClusterOf(cluster, testProject());
  return {
    cluster,
    namespace,
    target: spec => ({ cluster: rolloutCluster, namespace, spec }),
    apply: obj =>
      cluster.apply({ ...obj, metadata: { ...obj.metadata, namespace } }),
    find: (apiVersion, kind, name) =>
      cluster.get({ apiVersion, kind, namespace, name }),
    get: async (apiVersion, kind, name) => {
      const obj = await cluster.get({ apiVersion, kind, namespace, name });
      if (!obj) throw new Error(`${kind} ${namespace}/${name} not found`);
      return obj;
    },
    stop: async () => {
      await cluster.delete({
        apiVersion: 'v1',
        kind: 'Namespace',
        name: namespace,
      });
      await cluster.stop();
    },
  };
}

/**
 * A RouterEnv started before the calling test file's tests and stopped
 * after them; use it only inside those tests.
 */
export function useRouterEnv(prefix: string): Omit<RouterEnv, 'stop'> {
  let started: RouterEnv | undefined;
  beforeAll(async () => {
    started = await startRouterEnv(prefix);
  });
  afterAll(async () => {
    await started?.stop();
  });
  const env = () => {
    if (!started) throw new Error('the router env starts in beforeAll');
    return started;
  };
  return {
    get cluster() {
      return env().cluster;
    },
    get namespace() {
      return env().namespace;
    },
    target: spec => env().target(spec),
    apply: obj => env().apply(obj),
    get: (apiVersion, kind, name) => env().get(apiVersion, kind, name),
    find: (apiVersion, kind, name) => env().find(apiVersion, kind, name),
  };
}
