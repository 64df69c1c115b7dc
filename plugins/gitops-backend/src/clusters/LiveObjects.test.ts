import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { LiveObjects } from './LiveObjects';

const replicaSet = (
  namespace: string,
  name: string,
  ownerUids: string[] = [],
  resourceVersion = '1',
): KubernetesObject => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: {
    name,
    namespace,
    resourceVersion,
    ownerReferences: ownerUids.map(uid => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: `owner-${uid}`,
      uid,
    })),
  },
  spec: { replicas: 1 },
});

const names = (objects: Iterable<KubernetesObject>) =>
  [...objects].map(o => `${o.metadata.namespace}/${o.metadata.name}`).sort();

describe('LiveObjects', () => {
  it('finds an object by namespace and name, and reports what a set replaced or a delete removed', () => {
    const live = new LiveObjects();
    expect(live.set(replicaSet('shop', 'web-1'))).toBeUndefined();
    const replaced = live.set(replicaSet('shop', 'web-1', [], '2'));

    expect(replaced?.metadata.resourceVersion).toBe('1');
    expect(live.get('shop', 'web-1')?.metadata.resourceVersion).toBe('2');
    expect(live.get('other', 'web-1')).toBeUndefined();
    expect(live.size).toBe(1);

    expect(live.delete('shop', 'web-1')?.metadata.resourceVersion).toBe('2');
    expect(live.delete('shop', 'web-1')).toBeUndefined();
    expect(live.get('shop', 'web-1')).toBeUndefined();
    expect(live.size).toBe(0);
  });

  it('keeps cluster-scoped objects apart from namespaced ones of the same name', () => {
    const live = new LiveObjects();
    live.set({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'shop' },
    });

    expect(live.get(undefined, 'shop')?.kind).toBe('Namespace');
    expect(live.get('shop', 'shop')).toBeUndefined();
    expect(names(live.inNamespace('shop'))).toEqual([]);
  });

  it('lists exactly the objects of one owner through adds, updates and deletes', () => {
    const live = new LiveObjects();
    live.set(replicaSet('shop', 'web-1', ['web']));
    live.set(replicaSet('shop', 'web-2', ['web']));
    live.set(replicaSet('shop', 'api-1', ['api']));
    live.set(replicaSet('shop', 'orphan'));
    expect(names(live.ownedBy('web'))).toEqual(['shop/web-1', 'shop/web-2']);

    live.set(replicaSet('shop', 'web-2', ['web'], '2'));
    expect(names(live.ownedBy('web'))).toEqual(['shop/web-1', 'shop/web-2']);
    expect(live.get('shop', 'web-2')?.metadata.resourceVersion).toBe('2');

    live.delete('shop', 'web-1');
    expect(names(live.ownedBy('web'))).toEqual(['shop/web-2']);
    expect(names(live.ownedBy('api'))).toEqual(['shop/api-1']);
    expect(names(live.ownedBy('nobody'))).toEqual([]);
  });

  it('moves an object between owners when its ownerReferences change', () => {
    const live = new LiveObjects();
    live.set(replicaSet('shop', 'web-1', ['old']));

    live.set(replicaSet('shop', 'web-1', ['new']));
    expect(names(live.ownedBy('old'))).toEqual([]);
    expect(names(live.ownedBy('new'))).toEqual(['shop/web-1']);

    live.set(replicaSet('shop', 'web-1', ['new', 'other']));
    expect(names(live.ownedBy('other'))).toEqual(['shop/web-1']);

    live.set(replicaSet('shop', 'web-1'));
    expect(names(live.ownedBy('new'))).toEqual([]);
    expect(names(live.ownedBy('other'))).toEqual([]);
  });

  it('lists exactly the objects of one namespace', () => {
    const live = new LiveObjects();
    live.set(replicaSet('shop', 'a'));
    live.set(replicaSet('shop', 'b'));
    live.set(replicaSet('blog', 'a'));
    expect(names(live.inNamespace('shop'))).toEqual(['shop/a', 'shop/b']);

    live.delete('shop', 'a');
    expect(names(live.inNamespace('shop'))).toEqual(['shop/b']);
    expect(names(live.inNamespace('blog'))).toEqual(['blog/a']);
    expect(names(live.values())).toEqual(['blog/a', 'shop/b']);
  });

  it('hands out the stored object frozen all the way down, so no reader can change it for the others', () => {
    const live = new LiveObjects();
    live.set(replicaSet('shop', 'web-1', ['web']));
    const read = live.get('shop', 'web-1')!;

    expect(() => {
      (read.spec as { replicas: number }).replicas = 5;
    }).toThrow(TypeError);
    expect(() => {
      (read.metadata.ownerReferences as unknown[]).push({ uid: 'x' });
    }).toThrow(TypeError);
    expect(live.get('shop', 'web-1')?.spec).toEqual({ replicas: 1 });
  });
});
