import { KubeConfig } from '@kubernetes/client-node';
import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { waitUntil } from '@internal/test-env';
import { FIELD_MANAGER } from '../kube/fieldManagers';
import { Cluster } from './Cluster';
import { KubeHttpClient } from './KubeHttpClient';
import { NamespaceAllowList } from './NamespaceAllowList';
import { localKubeconfigPath, uniqueName } from './__testUtils__/localKube';

const kubeConfig = () => {
  const kc = new KubeConfig();
  kc.loadFromFile(localKubeconfigPath());
  return kc;
};

const configMap = (
  namespace: string,
  name: string,
  data: Record<string, string>,
  extra = {},
) =>
  ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, ...extra },
    data,
  } as KubernetesObject);

jest.setTimeout(60_000);

describe('Cluster against the local control plane', () => {
  const ns = uniqueName('clusters');
  const group = `${uniqueName('widgets')}.slipway.test`;
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = new Cluster('local', kubeConfig(), {
      namespaces: new NamespaceAllowList(['*']),
    });
    await cluster.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns },
    });
  });

  afterAll(async () => {
    await cluster.delete({ apiVersion: 'v1', kind: 'Namespace', name: ns });
    await cluster.delete({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      name: `widgets.${group}`,
    });
    await cluster.stop();
  });

  describe('discovery', () => {
    it('resolves core and group kinds, then answers from its cache', async () => {
      const fresh = new Cluster('fresh', kubeConfig());
      try {
        const started = performance.now();
        await expect(fresh.resolveResource('v1', 'ConfigMap')).resolves.toEqual(
          {
            group: '',
            version: 'v1',
            kind: 'ConfigMap',
            plural: 'configmaps',
            namespaced: true,
          },
        );
        const firstMs = performance.now() - started;
        await expect(
          fresh.resolveResource('v1', 'Namespace'),
        ).resolves.toMatchObject({ namespaced: false });
        await expect(
          fresh.resolveResource('apps/v1', 'Deployment'),
        ).resolves.toMatchObject({
          group: 'apps',
          plural: 'deployments',
          namespaced: true,
        });
        expect(fresh.requests).toBe(2); // one per group-version

        const cachedStart = performance.now();
        for (let i = 0; i < 1000; i++)
          await fresh.resolveResource('apps/v1', 'Deployment');
        const cachedMs = (performance.now() - cachedStart) / 1000;
        expect(fresh.requests).toBe(2);
        expect(await fresh.preferredVersion('apps', 'Deployment')).toBe(
          'apps/v1',
        );
        expect(
          await fresh.isNamespaced(
            'rbac.authorization.k8s.io/v1',
            'ClusterRole',
          ),
        ).toBe(false);
        console.log(
          `discovery: first look-up ${firstMs.toFixed(1)}ms, cached ${(
            cachedMs * 1000
          ).toFixed(1)}µs`,
        );
      } finally {
        await fresh.stop();
      }
    });

    it('explains unknown kinds and API versions', async () => {
      await expect(cluster.resolveResource('v1', 'Widget')).rejects.toThrow(
        /^Cluster 'local' serves no kind 'Widget' in v1 \(it serves: .*ConfigMap/,
      );
      await expect(
        cluster.resolveResource('nope.example/v1', 'Thing'),
      ).rejects.toThrow(
        "Cluster 'local' serves no API nope.example/v1 (looking for kind 'Thing'); is its CRD installed?",
      );
    });

    it('finds a kind whose CRD is installed while it runs', async () => {
      await expect(
        cluster.resolveResource(`${group}/v1`, 'Widget'),
      ).rejects.toThrow(/serves no API/);
      await cluster.apply({
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: `widgets.${group}` },
        spec: {
          group,
          scope: 'Namespaced',
          names: {
            plural: 'widgets',
            singular: 'widget',
            kind: 'Widget',
            listKind: 'WidgetList',
          },
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  properties: {
                    spec: {
                      type: 'object',
                      properties: { size: { type: 'integer' } },
                    },
                  },
                },
              },
            },
          ],
        },
      });
      // A new CRD is served a moment after it is created: until then both calls fail.
      const info = await waitUntil(
        () => cluster.resolveResource(`${group}/v1`, 'Widget'),
        {
          description: 'the Widget kind to be served',
          timeoutMs: 30_000,
        },
      );
      expect(info).toEqual({
        group,
        version: 'v1',
        kind: 'Widget',
        plural: 'widgets',
        namespaced: true,
      });

      const widget = await waitUntil(
        () =>
          cluster.apply({
            apiVersion: `${group}/v1`,
            kind: 'Widget',
            metadata: { name: 'w', namespace: ns },
            spec: { size: 3 },
          }),
        { description: 'a Widget to be accepted', timeoutMs: 30_000 },
      );
      expect(widget.spec).toEqual({ size: 3 });
    });
  });

  describe('server-side apply', () => {
    it('dry runs change nothing; applies are owned by the slipway field manager', async () => {
      const desired = configMap(ns, 'settings', { color: 'blue' });

      const preview = await cluster.apply(desired, { dryRun: true });
      expect(preview.data).toEqual({ color: 'blue' });
      expect(
        await cluster.get({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          namespace: ns,
          name: 'settings',
        }),
      ).toBeUndefined();

      const created = await cluster.apply(desired);
      expect(created.metadata.uid).toBeTruthy();
      const managers = (
        created.metadata.managedFields as Array<{
          manager: string;
          operation: string;
        }>
      ).map(m => `${m.manager}/${m.operation}`);
      expect(managers).toEqual([`${FIELD_MANAGER}/Apply`]);

      const changed = await cluster.apply(
        configMap(ns, 'settings', { color: 'green' }),
        { dryRun: true },
      );
      expect(changed.data).toEqual({ color: 'green' });
      const live = await cluster.get({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: ns,
        name: 'settings',
      });
      expect(live?.data).toEqual({ color: 'blue' });
      expect(live?.metadata.resourceVersion).toBe(
        created.metadata.resourceVersion,
      );
    });

    it('takes fields over from another manager only when forcing', async () => {
      const http = new KubeHttpClient(kubeConfig());
      try {
        await http.request(
          'PATCH',
          `/api/v1/namespaces/${ns}/configmaps/contested`,
          {
            query: { fieldManager: 'someone-else' },
            body: configMap(ns, 'contested', { owner: 'them' }),
            contentType: 'application/apply-patch+yaml',
          },
        );
      } finally {
        http.close();
      }
      const mine = configMap(ns, 'contested', { owner: 'slipway' });
      await expect(cluster.apply(mine, { force: false })).rejects.toThrow(
        new RegExp(
          `^Apply of ConfigMap ${ns}/contested on cluster 'local' failed: Conflict \\(409\\): .*someone-else`,
        ),
      );
      const taken = await cluster.apply(mine);
      expect(taken.data).toEqual({ owner: 'slipway' });
    });

    it('sends manifests as written, so the server refuses unknown fields instead of them vanishing', async () => {
      const typo = { ...configMap(ns, 'typo', { a: 'b' }), dataa: { c: 'd' } };
      await expect(cluster.apply(typo)).rejects.toThrow(
        new RegExp(
          `^Apply of ConfigMap ${ns}/typo on cluster 'local' failed: .*dataa`,
        ),
      );
    });

    it('reports invalid objects with the server reason and the object', async () => {
      await expect(
        cluster.apply(configMap(ns, 'Not_Valid', {})),
      ).rejects.toThrow(
        new RegExp(
          `^Apply of ConfigMap ${ns}/Not_Valid on cluster 'local' failed: Invalid \\(422\\): ConfigMap "Not_Valid" is invalid`,
        ),
      );
      await expect(
        cluster.apply(configMap(undefined as any, 'no-ns', {})),
      ).rejects.toThrow(
        "Apply of ConfigMap no-ns on cluster 'local' failed: ConfigMap is namespaced but no namespace was given",
      );
    });
  });

  describe('reads and deletes against the API', () => {
    it('lists with a label selector, gets, and deletes with a propagation policy', async () => {
      await cluster.apply(
        configMap(ns, 'red', {}, { labels: { color: 'red', tier: 'web' } }),
      );
      await cluster.apply(
        configMap(ns, 'red-db', {}, { labels: { color: 'red', tier: 'db' } }),
      );
      const red = await cluster.list('v1', 'ConfigMap', {
        namespace: ns,
        labelSelector: 'color=red,tier!=db',
      });
      expect(
        red.map(o => `${o.apiVersion}/${o.kind}/${o.metadata.name}`),
      ).toEqual(['v1/ConfigMap/red']);

      const ref = {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: ns,
        name: 'red',
      };
      expect((await cluster.get(ref))?.metadata.labels).toEqual({
        color: 'red',
        tier: 'web',
      });
      await cluster.delete(ref, { propagationPolicy: 'Foreground' });
      await waitUntil(() => cluster.get(ref), {
        description: 'ConfigMap red to be deleted',
        timeoutMs: 30_000,
        until: live => live === undefined,
      });
      await expect(cluster.delete(ref)).resolves.toBeUndefined(); // already gone is fine
    });
  });

  describe('nextChange', () => {
    const id = (name: string) => `/ConfigMap/${ns}/${name}`;

    it('resolves when the watch cache records one of the named objects, not another', async () => {
      await cluster.getLive({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: ns,
        name: 'watched',
      });
      const waiting = cluster.nextChange([id('watched')], 30_000);
      let resolved = false;
      waiting.changed.then(() => (resolved = true));

      const other = await cluster.apply(configMap(ns, 'unwatched', { a: '1' }));
      await waitUntil(
        async () =>
          cluster.getLive({
            apiVersion: 'v1',
            kind: 'ConfigMap',
            namespace: ns,
            name: 'unwatched',
          }),
        {
          description: 'the cache to record the unwatched ConfigMap',
          timeoutMs: 30_000,
          until: live =>
            live?.metadata.resourceVersion === other.metadata.resourceVersion,
        },
      );
      await new Promise(setImmediate);
      expect(resolved).toBe(false);

      const applied = await cluster.apply(configMap(ns, 'watched', { a: '1' }));
      await waiting.changed;
      // Listeners hear of a change after the cache holds it.
      const live = await cluster.getLive({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: ns,
        name: 'watched',
      });
      expect(live?.metadata.resourceVersion).toBe(
        applied.metadata.resourceVersion,
      );
    });

    it('resolves after its timeout when nothing changes, and stops listening', async () => {
      const quiet = cluster.nextChange([id('never-applied')], 50);
      await expect(quiet.changed).resolves.toBeUndefined();
      const stopped = cluster.nextChange([id('never-applied')], 30_000);
      stopped.stop();
      await expect(stopped.changed).resolves.toBeUndefined();
    });
  });
});
