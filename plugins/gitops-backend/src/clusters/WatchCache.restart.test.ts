import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { waitUntil } from '@internal/test-env';
import { ApiProxy } from './__testUtils__/apiProxy';
import { localKubeconfigPath, uniqueName } from './__testUtils__/localKube';
import { Cluster } from './Cluster';
import { NamespaceAllowList } from './NamespaceAllowList';

jest.setTimeout(60_000);

describe('WatchCache after a dropped watch', () => {
  const ns = uniqueName('watch-restart');
  let proxy: ApiProxy;
  let cluster: Cluster;
  let core: CoreV1Api;

  beforeAll(async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(localKubeconfigPath());
    core = kc.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: ns } } });
    proxy = await ApiProxy.start(localKubeconfigPath());
    cluster = new Cluster('proxied', proxy.kubeConfig(), {
      namespaces: new NamespaceAllowList(['*']),
      watch: { backoff: { initialMs: 100, maxMs: 500 } },
    });
  });

  afterAll(async () => {
    await cluster.watchCache.stop();
    await proxy.close();
    await core.deleteNamespace({ name: ns }).catch(() => undefined);
  });

  it('reopens the watch by itself and still sees later changes', async () => {
    const ref = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: ns,
      name: 'watched',
    };
    await cluster.watchCache.track('v1', 'ConfigMap');
    await waitUntil(() => proxy.openWatches > 0, {
      description: 'an open watch',
      timeoutMs: 30_000,
    });
    const restartsBefore = cluster.watchCache.watchRestarts;

    proxy.dropWatches();
    await core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: 'watched' }, data: { v: '1' } },
    });

    const seen = await waitUntil(() => cluster.watchCache.get(ref), {
      description: 'the new ConfigMap in the cache',
      timeoutMs: 30_000,
    });
    expect(seen.data).toEqual({ v: '1' });
    expect(cluster.watchCache.watchRestarts).toBeGreaterThan(restartsBefore);

    // And the reopened watch keeps delivering.
    await core.patchNamespacedConfigMap({
      name: 'watched',
      namespace: ns,
      body: [{ op: 'replace', path: '/data/v', value: '2' }],
    });
    await waitUntil(() => cluster.watchCache.get(ref)?.data, {
      description: 'the patched ConfigMap in the cache',
      timeoutMs: 30_000,
      until: data => (data as { v?: string } | undefined)?.v === '2',
    });
  });
});
