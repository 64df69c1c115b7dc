import { createWorkloads } from '.';
import { KubernetesRouter } from '../routers/KubernetesRouter';
import { podinfo, WorkloadsTestbed } from './__testUtils__/workloadsTestbed';

type Service = {
  metadata: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec: any;
};

describe('Workloads.ensureServices against the local control plane', () => {
  const workloads = createWorkloads();
  let testbed: WorkloadsTestbed;
  const service = (name: string) =>
    testbed.get('v1', 'Service', name) as Promise<Service | undefined>;

  beforeAll(async () => {
    testbed = await WorkloadsTestbed.start('workloads-svc');
    const deployment = podinfo({
      container: {
        ports: [
          { name: 'http', containerPort: 9898 },
          { name: 'metrics', containerPort: 9797 },
          { containerPort: 7000, protocol: 'UDP' },
        ],
      },
    });
    deployment.spec.template.spec.containers.push({
      name: 'istio-proxy',
      image: 'istio/proxyv2:1.20.0',
      ports: [{ name: 'http-envoy-prom', containerPort: 15090 }],
    });
    await testbed.apply(deployment);
  });

  afterAll(() => testbed.stop());

  it('creates primary, canary and apex services selecting each side, with discovered ports and custom metadata', async () => {
    const target = testbed.target(`  service:
    port: 80
    targetPort: 9898
    portDiscovery: true
    apex: { labels: { tier: apex }, annotations: { note: apex } }
    primary: { labels: { tier: primary } }
    canary: { annotations: { note: canary } }
`);
    await workloads.ensureServices(target);

    const ports = [
      { name: 'http', port: 80, targetPort: 9898, protocol: 'TCP' },
      { name: 'metrics', port: 9797, targetPort: 9797, protocol: 'TCP' },
      { name: 'tcp-podinfo-2', port: 7000, targetPort: 7000, protocol: 'UDP' },
    ];
    const primary = await service('podinfo-primary');
    expect(primary?.spec).toMatchObject({
      type: 'ClusterIP',
      selector: { app: 'podinfo-primary' },
      ports,
    });
    expect(primary?.metadata.labels).toEqual({ tier: 'primary' });
    const canary = await service('podinfo-canary');
    expect(canary?.spec).toMatchObject({ selector: { app: 'podinfo' }, ports });
    expect(canary?.metadata.annotations).toEqual({ note: 'canary' });
    const apex = await service('podinfo');
    expect(apex?.spec).toMatchObject({
      selector: { app: 'podinfo-primary' },
      ports,
    });
    expect(apex?.metadata).toMatchObject({
      labels: { tier: 'apex' },
      annotations: { note: 'apex' },
    });
  });

  it('takes over the selector of an apex the sync engine applied from git, keeping its type and node port', async () => {
    await testbed.cluster.delete({
      apiVersion: 'v1',
      kind: 'Service',
      namespace: testbed.namespace,
      name: 'podinfo',
    });
    const fromGit = await testbed.apply({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'podinfo' },
      spec: {
        type: 'NodePort',
        selector: { app: 'podinfo' },
        ports: [{ name: 'http', port: 80, targetPort: 9898 }],
      },
    });
    const nodePort = (fromGit.spec as any).ports[0].nodePort;

    await workloads.ensureServices(testbed.target());

    const apex = await service('podinfo');
    expect(apex?.spec.type).toBe('NodePort');
    expect(apex?.spec.selector).toEqual({ app: 'podinfo-primary' });
    expect(apex?.spec.ports).toEqual([
      { name: 'http', port: 80, targetPort: 9898, protocol: 'TCP', nodePort },
    ]);
  });

  describe('with the kubernetes provider, whose router moves the apex selector', () => {
    const kubernetes = () => testbed.target('', 'kubernetes');
    const router = new KubernetesRouter();
    const apexSelector = async () => (await service('podinfo'))?.spec.selector;

    beforeEach(() =>
      testbed.cluster.delete({
        apiVersion: 'v1',
        kind: 'Service',
        namespace: testbed.namespace,
        name: 'podinfo',
      }),
    );

    it('points a new apex at the primary', async () => {
      await workloads.ensureServices(kubernetes());
      expect(await apexSelector()).toEqual({ app: 'podinfo-primary' });
    });

    it('leaves an apex that selects the canary or the primary alone', async () => {
      const target = kubernetes();
      await workloads.ensureServices(target);
      await router.setWeights(target, { primary: 0, canary: 100 });
      expect(await apexSelector()).toEqual({ app: 'podinfo' });
      expect((await service('podinfo'))?.spec.ports).toHaveLength(1);

      await workloads.ensureServices(target);
      expect(await apexSelector()).toEqual({ app: 'podinfo' });

      await router.setWeights(target, { primary: 100, canary: 0 });
      await workloads.ensureServices(target);
      expect(await apexSelector()).toEqual({ app: 'podinfo-primary' });
    });

    it('points an apex that selects neither side at the primary', async () => {
      await testbed.apply({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'podinfo' },
        spec: {
          selector: { app: 'podinfo-old' },
          ports: [{ name: 'http', port: 80, targetPort: 9898 }],
        },
      });
      await workloads.ensureServices(kubernetes());
      expect(await apexSelector()).toEqual({ app: 'podinfo-primary' });
    });
  });
});
