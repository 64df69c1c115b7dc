import { KubeConfig } from '@kubernetes/client-node';
import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { waitUntil } from '@internal/test-env';
import { TRACKING_ANNOTATION } from '../kube/ownership';
import { Cluster } from './Cluster';
import { ChangeType } from './KindWatch';
import { NamespaceAllowList } from './NamespaceAllowList';
import { ApiProxy } from './__testUtils__/apiProxy';
import { localKubeconfigPath, uniqueName } from './__testUtils__/localKube';

const configMap = (
  namespace: string,
  name: string,
  data: Record<string, string>,
  labels?: Record<string, string>,
) =>
  ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, labels },
    data,
  } as KubernetesObject);

/**
 * The cache is reached through a counting proxy, so the counts below are the
 * requests the client really sent, and the proxy can cut or expire watches.
 */
describe('WatchCache against the local control plane', () => {
  const ns = uniqueName('watch');
  const other = uniqueName('watch-other');
  let proxy: ApiProxy;
  let admin: Cluster; // writes straight to the API server, not via the proxy
  let cluster: Cluster;
  const events: Array<{ change: ChangeType; name: string; color?: unknown }> =
    [];
  const ref = (name: string) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    namespace: ns,
    name,
  });

  beforeAll(async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(localKubeconfigPath());
    admin = new Cluster('admin', kc, {
      namespaces: new NamespaceAllowList(['*']),
    });
    for (const name of [ns, other])
      await admin.apply({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name },
      });
    proxy = await ApiProxy.start(localKubeconfigPath());
    cluster = new Cluster('proxied', proxy.kubeConfig(), {
      namespaces: new NamespaceAllowList([ns]),
      watch: { backoff: { initialMs: 100, maxMs: 400 } },
    });
    cluster.watchCache.onChange((obj, change) => {
      if (obj.metadata.namespace === ns)
        events.push({
          change,
          name: obj.metadata.name,
          color: (obj.data as any)?.color,
        });
    });
  });

  afterAll(async () => {
    await cluster.stop();
    await proxy.close();
    for (const name of [ns, other])
      await admin.delete({ apiVersion: 'v1', kind: 'Namespace', name });
    await admin.stop();
  });

  /** Waits on the cache's state; the watch delivers within moments, 30 s leaves room for a loaded machine. */
  const cacheShows = <T>(description: string, check: () => T) =>
    waitUntil(check, { description, timeoutMs: 30_000, intervalMs: 50 });
  const seen = (change: ChangeType, name: string, color?: string) =>
    cacheShows(
      `the ${change} event of ${name}${color ? ` (${color})` : ''}`,
      () =>
        events.find(
          e =>
            e.change === change &&
            e.name === name &&
            (!color || e.color === color),
        ),
    );
  const openWatches = (count: number) =>
    cacheShows(`${count} open watches`, () => proxy.openWatches === count);

  it('lists on track, then sees creates, updates and deletes through the watch', async () => {
    await admin.apply(configMap(ns, 'before', { color: 'red' }));
    await cluster.watchCache.track('v1', 'ConfigMap');
    await expect(
      cluster.watchCache.synced('v1', 'ConfigMap'),
    ).resolves.toBeUndefined();
    expect(cluster.watchCache.get(ref('before'))?.data).toEqual({
      color: 'red',
    });

    await admin.apply(configMap(ns, 'live', { color: 'blue' }));
    await seen('added', 'live');
    expect(cluster.watchCache.get(ref('live'))?.data).toEqual({
      color: 'blue',
    });

    await admin.apply(configMap(ns, 'live', { color: 'green' }));
    await seen('modified', 'live', 'green');
    expect(cluster.watchCache.get(ref('live'))?.data).toEqual({
      color: 'green',
    });

    await admin.delete(ref('live'));
    await seen('deleted', 'live');
    expect(cluster.watchCache.get(ref('live'))).toBeUndefined();
    expect(cluster.watchCache.listCalls).toBe(1);
  });

  it('watches only the allowed namespaces of a namespaced kind', async () => {
    await admin.apply(configMap(other, 'elsewhere', {}));
    const paths = proxy.requests
      .filter(r => r.path.endsWith('/configmaps'))
      .map(r => r.path);
    expect(new Set(paths)).toEqual(
      new Set([`/api/v1/namespaces/${ns}/configmaps`]),
    );
    expect(
      cluster.watchCache.get({ ...ref('elsewhere'), namespace: other }),
    ).toBeUndefined();
  });

  it('answers reads from memory: no request reaches the API server', async () => {
    for (let i = 0; i < 50; i++) {
      await admin.apply(
        configMap(
          ns,
          `bulk-${i}`,
          { i: String(i) },
          { batch: 'bulk', parity: i % 2 ? 'odd' : 'even' },
        ),
      );
    }
    await cacheShows(
      '50 bulk ConfigMaps in the cache',
      () =>
        cluster.watchCache.list({
          kind: 'ConfigMap',
          labelSelector: 'batch=bulk',
        }).length === 50,
    );

    const before = proxy.requests.length;
    const requestsBefore = cluster.requests;
    const started = performance.now();
    for (let i = 0; i < 200; i++) {
      await cluster.getLive(ref(`bulk-${i % 50}`));
      cluster.watchCache.list({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: ns,
        labelSelector: 'parity=odd',
      });
    }
    const cacheMs = (performance.now() - started) / 200;
    expect(proxy.requests.length).toBe(before);
    expect(cluster.requests).toBe(requestsBefore);

    const fromCache = cluster.watchCache.list({
      kind: 'ConfigMap',
      namespace: ns,
      labelSelector: 'parity=odd',
    });
    const apiStart = performance.now();
    const fromApi = await cluster.list('v1', 'ConfigMap', {
      namespace: ns,
      labelSelector: 'parity=odd',
    });
    const apiMs = performance.now() - apiStart;
    const names = (list: KubernetesObject[]) =>
      list.map(o => o.metadata.name).sort();
    expect(names(fromCache)).toEqual(names(fromApi));
    expect(fromCache).toHaveLength(25);
    expect(proxy.requests.length).toBe(before + 1);
    console.log(
      `cache get+list of 25/50: ${cacheMs.toFixed(
        3,
      )}ms; API list: ${apiMs.toFixed(1)}ms`,
    );
  });

  it('lists the objects of one owner as they are added, moved to another owner and deleted', async () => {
    await admin.apply(configMap(ns, 'parent-a', {}));
    await admin.apply(configMap(ns, 'parent-b', {}));
    const uidOf = async (name: string) =>
      (await admin.get(ref(name)))!.metadata.uid as string;
    const [a, b] = [await uidOf('parent-a'), await uidOf('parent-b')];
    const child = (name: string, ownerUid: string) => {
      const obj = configMap(ns, name, {});
      obj.metadata.ownerReferences = [
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          name: ownerUid === a ? 'parent-a' : 'parent-b',
          uid: ownerUid,
        },
      ];
      return obj;
    };
    const ownedBy = (uid: string) =>
      cluster.watchCache
        .list({ kind: 'ConfigMap', namespace: ns, ownerUid: uid })
        .map(o => o.metadata.name)
        .sort()
        .join(',');
    const cacheLists = (uid: string, expected: string) =>
      cacheShows(
        `the children of ${uid} to be '${expected}'`,
        () => ownedBy(uid) === expected,
      );

    await admin.apply(child('child-1', a));
    await admin.apply(child('child-2', a));
    await cacheLists(a, 'child-1,child-2');
    expect(ownedBy(b)).toBe('');

    await admin.apply(child('child-2', b));
    await cacheLists(b, 'child-2');
    expect(ownedBy(a)).toBe('child-1');

    await admin.delete(ref('child-1'));
    await cacheLists(a, '');
    expect(ownedBy(b)).toBe('child-2');
    expect(
      cluster.watchCache.list({
        kind: 'ConfigMap',
        namespace: other,
        ownerUid: b,
      }),
    ).toEqual([]);
  });

  it('keeps managedFields only on objects an app tracks', async () => {
    const tracked = configMap(ns, 'tracked', { color: 'navy' });
    tracked.metadata.annotations = {
      [TRACKING_ANNOTATION]: `component:default/web@proxied:/ConfigMap:${ns}/tracked`,
    };
    await admin.apply(tracked);
    await seen('added', 'tracked');

    expect(
      cluster.watchCache.get(ref('tracked'))?.metadata.managedFields,
    ).toEqual([expect.objectContaining({ manager: 'slipway' })]);
    expect(
      (await admin.get(ref('before')))?.metadata.managedFields,
    ).toBeDefined();
    expect(cluster.watchCache.get(ref('before'))?.metadata).not.toHaveProperty(
      'managedFields',
    );
  });

  it('hands out frozen objects, so callers cannot corrupt the cache', async () => {
    const read = cluster.watchCache.get(ref('before'))!;
    expect(() => {
      (read.data as Record<string, string>).color = 'mutated';
    }).toThrow(TypeError);
    const [listed] = cluster.watchCache.list({
      kind: 'ConfigMap',
      namespace: ns,
      labelSelector: 'batch=bulk,parity=odd',
    });
    expect(() => {
      listed.metadata.labels!.parity = 'even';
    }).toThrow(TypeError);
    expect(cluster.watchCache.get(ref('before'))?.data).toEqual({
      color: 'red',
    });
  });

  it('resumes a watch whose connection was cut, without relisting', async () => {
    const restarts = cluster.watchCache.watchRestarts;
    const lists = cluster.watchCache.listCalls;
    await openWatches(1);
    proxy.dropWatches();
    await cacheShows(
      'the watch to restart',
      () => cluster.watchCache.watchRestarts > restarts,
    );
    await admin.apply(configMap(ns, 'after-drop', { color: 'teal' }));
    await seen('added', 'after-drop');
    expect(cluster.watchCache.listCalls).toBe(lists);
  });

  it('relists when the server says its resourceVersion expired (410 Gone)', async () => {
    const lists = cluster.watchCache.listCalls;
    await openWatches(1);
    proxy.expireNextWatches(1);
    proxy.dropWatches();
    await cacheShows(
      'one relist',
      () => cluster.watchCache.listCalls === lists + 1,
    );
    await admin.apply(configMap(ns, 'after-expiry', { color: 'plum' }));
    await seen('added', 'after-expiry');
    expect(cluster.watchCache.get(ref('after-expiry'))?.data).toEqual({
      color: 'plum',
    });
  });

  it('retries with backoff while the API server is unreachable and catches up afterwards', async () => {
    const restarts = cluster.watchCache.watchRestarts;
    await openWatches(1);
    proxy.refuse();
    // Changes while the cache cannot see them.
    await admin.apply(configMap(ns, 'during-outage', { color: 'gray' }));
    await admin.apply(configMap(ns, 'before', { color: 'orange' }));
    await admin.delete(ref('after-drop'));
    // The cache tried again after the changes were made and was turned away:
    // only now does their absence show that it cannot see them.
    const refused = proxy.refusedConnections;
    await cacheShows(
      'a refused reconnection',
      () => proxy.refusedConnections > refused,
    );
    expect(cluster.watchCache.get(ref('during-outage'))).toBeUndefined();
    expect(cluster.watchCache.get(ref('before'))?.data).not.toEqual({
      color: 'orange',
    });
    expect(cluster.watchCache.get(ref('after-drop'))).toBeDefined();
    proxy.accept();

    await seen('added', 'during-outage');
    await seen('modified', 'before', 'orange');
    await seen('deleted', 'after-drop');
    expect(cluster.watchCache.get(ref('after-drop'))).toBeUndefined();
    expect(cluster.watchCache.watchRestarts).toBeGreaterThan(restarts);
  });

  it('refuses reads of kinds it does not track, and forgets a kind whose first list failed', async () => {
    expect(() =>
      cluster.watchCache.get({
        apiVersion: 'v1',
        kind: 'Secret',
        namespace: ns,
        name: 'x',
      }),
    ).toThrow(
      "Secret (v1) is not tracked on cluster 'proxied'; call track() first",
    );
    await expect(cluster.watchCache.track('v1', 'Gizmo')).rejects.toThrow(
      "serves no kind 'Gizmo'",
    );
    await expect(cluster.watchCache.synced('v1', 'Gizmo')).rejects.toThrow(
      'is not tracked',
    );
  });

  it('stops cleanly: no watch stays open and tracking afterwards is refused (runs last)', async () => {
    const local = new Cluster('short-lived', proxy.kubeConfig(), {
      namespaces: new NamespaceAllowList(['*']),
    });
    await local.watchCache.track('v1', 'Namespace');
    await openWatches(2);
    await local.stop();
    await openWatches(1);
    await expect(local.watchCache.track('v1', 'ConfigMap')).rejects.toThrow(
      'is stopped',
    );
    await cluster.stop();
    await openWatches(0);
  });
});
