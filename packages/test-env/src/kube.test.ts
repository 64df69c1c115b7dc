import {
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
  V1CustomResourceDefinition,
  V1Deployment,
  V1Pod,
  V1ReplicaSet,
} from '@kubernetes/client-node';
import { startKube } from './kube';
import { waitUntil } from './waitUntil';

// A cold first run builds the control plane from Go modules before starting it.
jest.setTimeout(5 * 60 * 1000);

const FIELD_MANAGER = 'slipway-test-env';
const namespace = `kube-test-${Date.now().toString(36)}`;

let server: string;
let kubeconfig: KubeConfig;
let client: KubernetesObjectApi;

async function apply<T extends KubernetesObject>(object: T): Promise<T> {
  return client.patch(
    object,
    undefined,
    undefined,
    FIELD_MANAGER,
    true,
    PatchStrategy.ServerSideApply,
  );
}

/** Control plane changes settle within seconds; the bound leaves room for a cold, loaded machine. */
const settles = { timeoutMs: 90_000, intervalMs: 500 };

beforeAll(async () => {
  const kube = await startKube();
  server = kube.server;
  kubeconfig = new KubeConfig();
  kubeconfig.loadFromFile(kube.kubeconfigPath);
  client = KubernetesObjectApi.makeApiClient(kubeconfig);
  await apply({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: namespace },
  });
}, 60 * 60 * 1000);

afterAll(async () => {
  // The control plane stays up for other suites; only this suite's objects go.
  await client
    ?.delete({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    })
    .catch(() => undefined);
});

describe('local control plane', () => {
  it('listens on loopback only, with the kubeconfig pointing at it', () => {
    expect(server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(kubeconfig.getCurrentCluster()?.server).toBe(server);
  });

  it('serves the token user of the kubeconfig too', async () => {
    const tokenConfig = new KubeConfig();
    tokenConfig.loadFromString(kubeconfig.exportConfig());
    tokenConfig.setCurrentContext('slipway-token');
    const tokenClient = KubernetesObjectApi.makeApiClient(tokenConfig);
    const read = await tokenClient.read({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    });
    expect(read.metadata?.name).toBe(namespace);
  });

  const labels = { app: 'web' };
  const webDeployment = (image: string): V1Deployment => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'web', image }] },
      },
    },
  });

  /** Waits until every replica of web runs image and no older pod is left. */
  async function rolledOut(image: string) {
    await waitUntil(
      async () => {
        const deployment = await client.read<V1Deployment>({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web', namespace },
        });
        const status = deployment.status;
        const available = status?.conditions?.find(c => c.type === 'Available');
        return available?.status === 'True' &&
          status?.observedGeneration === deployment.metadata?.generation &&
          status?.replicas === 2 &&
          status?.updatedReplicas === 2 &&
          status?.availableReplicas === 2
          ? deployment
          : undefined;
      },
      { ...settles, description: `Deployment web Available on ${image}` },
    );
    const pods = await waitUntil(
      async () => {
        const list = await client.list<V1Pod>(
          'v1',
          'Pod',
          namespace,
          undefined,
          undefined,
          undefined,
          undefined,
          'app=web',
        );
        return list.items.length === 2 ? list.items : undefined;
      },
      { ...settles, description: 'old pods removed' },
    );
    const replicaSets = await client.list<V1ReplicaSet>(
      'apps/v1',
      'ReplicaSet',
      namespace,
    );
    const current = replicaSets.items.find(
      rs => rs.spec?.template?.spec?.containers[0].image === image,
    );
    expect(
      current?.metadata?.ownerReferences?.some(
        owner => owner.kind === 'Deployment' && owner.name === 'web',
      ),
    ).toBe(true);
    expect(current?.status?.readyReplicas).toBe(2);
    for (const pod of pods) {
      expect(pod.spec?.nodeName).toMatch(/^slipway-node-\d+$/);
      expect(pod.spec?.containers[0].image).toBe(image);
      expect(pod.status?.phase).toBe('Running');
      expect(
        pod.status?.conditions?.find(c => c.type === 'Ready')?.status,
      ).toBe('True');
      expect(pod.metadata?.ownerReferences?.[0]?.name).toBe(
        current?.metadata?.name,
      );
    }
    return replicaSets.items;
  }

  it('rolls a server-side applied Deployment out to Running pods on fake nodes', async () => {
    const applied = await apply(webDeployment('example/web:1.0.0'));
    expect(
      applied.metadata?.managedFields?.some(f => f.manager === FIELD_MANAGER),
    ).toBe(true);
    const replicaSets = await rolledOut('example/web:1.0.0');
    expect(replicaSets).toHaveLength(1);
  });

  it('rolls a new image out, replacing and deleting the old pods', async () => {
    await apply(webDeployment('example/web:1.1.0'));
    const replicaSets = await rolledOut('example/web:1.1.0');
    expect(replicaSets).toHaveLength(2);
    const old = replicaSets.find(
      rs =>
        rs.spec?.template?.spec?.containers[0].image === 'example/web:1.0.0',
    );
    expect(old?.spec?.replicas).toBe(0);
  });

  it('installs a CRD, awaits Established and round-trips a custom resource', async () => {
    const group = 'test.slipway.dev';
    await apply<V1CustomResourceDefinition>({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `widgets.${group}` },
      spec: {
        group,
        scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
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
                    properties: {
                      size: { type: 'integer' },
                      colour: { type: 'string' },
                    },
                  },
                },
              },
            },
          },
        ],
      },
    });

    await waitUntil(
      async () => {
        const crd = await client.read<V1CustomResourceDefinition>({
          apiVersion: 'apiextensions.k8s.io/v1',
          kind: 'CustomResourceDefinition',
          metadata: { name: `widgets.${group}` },
        });
        return crd.status?.conditions?.some(
          c => c.type === 'Established' && c.status === 'True',
        )
          ? crd
          : undefined;
      },
      { ...settles, description: 'CRD widgets Established' },
    );

    type Widget = KubernetesObject & { spec: { size: number; colour: string } };
    const widget: Widget = {
      apiVersion: `${group}/v1`,
      kind: 'Widget',
      metadata: { name: 'blue', namespace },
      spec: { size: 3, colour: 'blue' },
    };
    // Discovery of a just-established group can lag a moment behind the condition.
    await waitUntil(() => apply(widget), {
      ...settles,
      description: 'Widget applied',
      timeoutMs: 30_000,
    });

    const read = await client.read<Widget>({
      apiVersion: widget.apiVersion,
      kind: widget.kind,
      metadata: { name: 'blue', namespace },
    });
    expect(read.spec).toEqual({ size: 3, colour: 'blue' });
    expect(read.metadata?.uid).toBeTruthy();
    expect(read.metadata?.managedFields?.[0]?.manager).toBe(FIELD_MANAGER);
  });
});
