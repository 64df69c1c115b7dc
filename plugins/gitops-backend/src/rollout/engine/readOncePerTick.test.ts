import type {
  KubernetesObject,
  KubernetesObjectRef,
  RolloutCluster,
} from '@slipway/plugin-gitops-node';
import { readOncePerTick } from './readOncePerTick';

/** A cluster in memory that logs every call that would reach the API server. */
function loggedCluster(objects: KubernetesObject[]) {
  const calls: string[] = [];
  const store = new Map(objects.map(o => [o.metadata!.name!, o]));
  let failNextGet = false;
  const cluster: RolloutCluster = {
    name: 'dev',
    async get(ref: KubernetesObjectRef) {
      calls.push(`get ${ref.apiVersion} ${ref.kind} ${ref.name}`);
      if (failNextGet) {
        failNextGet = false;
        throw new Error('connection reset');
      }
      return structuredClone(store.get(ref.name));
    },
    async apply(obj) {
      calls.push(`apply ${obj.kind} ${obj.metadata!.name}`);
      const stored = { ...obj, metadata: { ...obj.metadata, generation: 2 } };
      store.set(obj.metadata!.name!, stored);
      return structuredClone(stored);
    },
    async delete(ref) {
      calls.push(`delete ${ref.kind} ${ref.name}`);
      store.delete(ref.name);
    },
    async list() {
      calls.push('list');
      return [];
    },
  };
  return { cluster, calls, failNextGet: () => (failNextGet = true) };
}

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'podinfo', namespace: 'test' },
  spec: { replicas: 2 },
};
const ref = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  namespace: 'test',
  name: 'podinfo',
};

describe('readOncePerTick', () => {
  it('reads an object from the API server once, handing each caller its own copy', async () => {
    const { cluster, calls } = loggedCluster([deployment]);
    const tick = readOncePerTick(cluster);
    const first = (await tick.get(ref)) as typeof deployment;
    first.spec.replicas = 0;
    expect(await tick.get(ref)).toEqual(deployment);
    expect(calls).toEqual(['get apps/v1 Deployment podinfo']);
    // Another tick reads again.
    await readOncePerTick(cluster).get(ref);
    expect(calls).toHaveLength(2);
  });

  it('sees what it wrote, and reads again after a delete or under another API version', async () => {
    const { cluster, calls } = loggedCluster([deployment]);
    const tick = readOncePerTick(cluster);
    await tick.get(ref);
    await tick.apply({ ...deployment, spec: { replicas: 3 } });
    expect(await tick.get(ref)).toMatchObject({
      spec: { replicas: 3 },
      metadata: { generation: 2 },
    });
    await tick.get({ ...ref, apiVersion: 'apps/v1beta2' });
    await tick.delete(ref);
    expect(await tick.get(ref)).toBeUndefined();
    expect(calls).toEqual([
      'get apps/v1 Deployment podinfo',
      'apply Deployment podinfo',
      'get apps/v1beta2 Deployment podinfo',
      'delete Deployment podinfo',
      'get apps/v1 Deployment podinfo',
    ]);
  });

  it('does not remember a failed read, and leaves lists to the API server', async () => {
    const { cluster, calls, failNextGet } = loggedCluster([deployment]);
    const tick = readOncePerTick(cluster);
    failNextGet();
    await expect(tick.get(ref)).rejects.toThrow('connection reset');
    expect(await tick.get(ref)).toEqual(deployment);
    await tick.list('apps/v1', 'Deployment');
    await tick.list('apps/v1', 'Deployment');
    expect(calls).toEqual([
      'get apps/v1 Deployment podinfo',
      'get apps/v1 Deployment podinfo',
      'list',
      'list',
    ]);
  });
});
