import type {
  KubernetesObject,
  RolloutCluster,
} from '@slipway/plugin-gitops-node';
import { ISTIO_API_VERSION } from '../../routers/istioObjects';
import { changeSharedObject, withSpecLists } from './sharedObject';
import {
  ownersOf,
  TEAM_CONTROLLER,
  useArgoTrafficEnv,
} from './__testUtils__/argoTrafficEnv';

const vsRef = (namespace: string, name: string) => ({
  apiVersion: ISTIO_API_VERSION,
  kind: 'VirtualService',
  namespace,
  name,
});

const virtualService = (name: string, http: unknown[]): KubernetesObject => ({
  apiVersion: ISTIO_API_VERSION,
  kind: 'VirtualService',
  metadata: { name },
  spec: { hosts: ['web'], http },
});

const route = (name: string, canaryWeight: number) => ({
  name,
  route: [
    { destination: { host: 'web-stable' }, weight: 100 - canaryWeight },
    { destination: { host: 'web-canary' }, weight: canaryWeight },
  ],
});

/** The cluster, with `before` run ahead of each of the first `times` applies (another writer getting in first). */
function racing(
  cluster: RolloutCluster,
  before: () => Promise<unknown>,
  times: number,
): RolloutCluster & { applies: number } {
  const wrapped = {
    applies: 0,
    name: cluster.name,
    get: cluster.get.bind(cluster),
    delete: cluster.delete.bind(cluster),
    list: cluster.list.bind(cluster),
    apply: async (obj: KubernetesObject) => {
      wrapped.applies += 1;
      if (wrapped.applies <= times) await before();
      return cluster.apply(obj);
    },
  };
  return wrapped;
}

/** Sets the canary weight of the route named `main`. */
const weighMain =
  (canaryWeight: number, reads: string[] = []) =>
  (live: any, owned: any) => {
    reads.push(live.metadata.resourceVersion);
    const http = live.spec.http.map((r: any) =>
      r.name === 'main' ? route('main', canaryWeight) : r,
    );
    return withSpecLists(owned, { http });
  };

describe('changeSharedObject against the local control plane', () => {
  const env = useArgoTrafficEnv('argo-shared');
  const missing = () => new Error('missing');

  it('makes the change on a fresh read when another writer changed the list since the read', async () => {
    await env.apply(virtualService('raced', [route('main', 0)]));
    // The team's controller adds a route between the rollout's read and its apply.
    const teamRoute = {
      name: 'team',
      route: [{ destination: { host: 'docs' } }],
    };
    const cluster = racing(
      env.cluster,
      () =>
        env.applyAs(
          TEAM_CONTROLLER,
          virtualService('raced', [route('main', 0), teamRoute]),
        ),
      1,
    );
    const reads: string[] = [];
    await changeSharedObject(
      cluster,
      vsRef(env.namespace, 'raced'),
      missing,
      weighMain(20, reads),
    );
    expect(reads).toHaveLength(2);
    expect(reads[0]).not.toBe(reads[1]);
    const live = await env.get(ISTIO_API_VERSION, 'VirtualService', 'raced');
    expect(live.spec.http).toEqual([route('main', 20), teamRoute]);
    expect(ownersOf(live, 'f:spec', 'f:http')).toEqual(['slipway-rollouts']);
  });

  it('reports the conflict when other writers keep getting in first', async () => {
    await env.apply(virtualService('busy', [route('main', 0)]));
    let bumps = 0;
    const cluster = racing(
      env.cluster,
      () =>
        env.applyAs(TEAM_CONTROLLER, {
          ...virtualService('busy', []),
          spec: { exportTo: [`bump-${++bumps}`] },
        }),
      Infinity,
    );
    await expect(
      changeSharedObject(
        cluster,
        vsRef(env.namespace, 'busy'),
        missing,
        weighMain(50),
      ),
    ).rejects.toThrow(/Conflict \(409\)/);
    expect(cluster.applies).toBe(5);
    const live = await env.get(ISTIO_API_VERSION, 'VirtualService', 'busy');
    expect(live.spec.http).toEqual([route('main', 0)]);
  });

  it('sends nothing when the rollout already holds the change, and fails on a missing object', async () => {
    await env.apply(virtualService('steady', [route('main', 0)]));
    const cluster = racing(env.cluster, async () => undefined, 0);
    const ref = vsRef(env.namespace, 'steady');
    await changeSharedObject(cluster, ref, missing, weighMain(30));
    await changeSharedObject(cluster, ref, missing, weighMain(30));
    await changeSharedObject(cluster, ref, missing, () => undefined);
    expect(cluster.applies).toBe(1);

    // Fields the rollout owns stay in every apply body, so a later change keeps them.
    await changeSharedObject(cluster, ref, missing, (_live, owned) => ({
      ...owned,
      metadata: { ...owned.metadata, labels: { rollout: 'web' } },
    }));
    const live = await env.get(ISTIO_API_VERSION, 'VirtualService', 'steady');
    expect(live.spec.http).toEqual([route('main', 30)]);
    expect(live.metadata.labels).toEqual({ rollout: 'web' });

    await expect(
      changeSharedObject(
        cluster,
        vsRef(env.namespace, 'absent'),
        missing,
        weighMain(1),
      ),
    ).rejects.toThrow('missing');
  });
});
