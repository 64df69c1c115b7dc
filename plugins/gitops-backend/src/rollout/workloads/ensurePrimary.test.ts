import { waitUntil } from '@internal/test-env';
import { createWorkloads, ROLLOUT_ID_ANNOTATION } from '.';
import {
  configMap,
  podinfo,
  secret,
  WorkloadsTestbed,
} from './__testUtils__/workloadsTestbed';
import type { Deployment } from '../../kube/kubeTypes';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('Workloads.ensurePrimary against the local control plane', () => {
  const workloads = createWorkloads();
  let testbed: WorkloadsTestbed;

  beforeAll(async () => {
    testbed = await WorkloadsTestbed.start('workloads-init');
  });

  afterAll(() => testbed.stop());

  describe('with ConfigMaps, Secrets and an autoscaler', () => {
    const withHpa = () =>
      testbed.target(
        '  autoscalerRef: { apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler, name: podinfo }\n',
      );

    beforeAll(async () => {
      await testbed.apply(configMap('podinfo-env', { LEVEL: 'info' }));
      await testbed.apply(
        configMap('podinfo-files', { 'app.yaml': 'debug: false' }),
      );
      await testbed.apply(
        configMap(
          'podinfo-shared',
          { region: 'eu' },
          { 'flagger.app/config-tracking': 'disabled' },
        ),
      );
      await testbed.apply(secret('podinfo-token', { token: 's3cr3t' }));
      await testbed.apply({
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'podinfo' },
        spec: {
          scaleTargetRef: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'podinfo',
          },
          minReplicas: 2,
          maxReplicas: 4,
          metrics: [
            {
              type: 'Resource',
              resource: {
                name: 'cpu',
                target: { type: 'Utilization', averageUtilization: 80 },
              },
            },
          ],
        },
      });
      await testbed.apply(
        podinfo({
          replicas: 2,
          progressDeadlineSeconds: 120,
          labels: {
            app: 'podinfo',
            team: 'web',
            'kustomize.toolkit.fluxcd.io/name': 'apps',
          },
          annotations: {
            owner: 'web-team',
            'slipway.dev/tracking-id': 'app@local:apps/Deployment:ns/podinfo',
          },
          container: {
            env: [
              {
                name: 'LEVEL',
                valueFrom: {
                  configMapKeyRef: { name: 'podinfo-env', key: 'LEVEL' },
                },
              },
              {
                name: 'TOKEN',
                valueFrom: {
                  secretKeyRef: { name: 'podinfo-token', key: 'token' },
                },
              },
              {
                name: 'MAYBE',
                valueFrom: {
                  configMapKeyRef: {
                    name: 'podinfo-absent',
                    key: 'x',
                    optional: true,
                  },
                },
              },
            ],
            envFrom: [{ configMapRef: { name: 'podinfo-shared' } }],
            volumeMounts: [{ name: 'files', mountPath: '/etc/podinfo' }],
          },
          podSpec: {
            volumes: [{ name: 'files', configMap: { name: 'podinfo-files' } }],
            affinity: {
              podAntiAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [
                  {
                    weight: 100,
                    podAffinityTerm: {
                      topologyKey: 'kubernetes.io/hostname',
                      labelSelector: { matchLabels: { app: 'podinfo' } },
                    },
                  },
                ],
              },
            },
          },
        }),
      );
    });

    it('creates the primary from the target, pointing at its own copies of the configs', async () => {
      await workloads.ensurePrimary(withHpa());

      const primary = (await testbed.deployment('podinfo-primary'))!;
      expect(primary.metadata.labels).toEqual({
        app: 'podinfo-primary',
        team: 'web',
      });
      expect(primary.metadata.annotations?.owner).toBe('web-team');
      expect(primary.metadata.annotations).not.toHaveProperty([
        'slipway.dev/tracking-id',
      ]);
      expect(primary.spec.selector).toEqual({
        matchLabels: { app: 'podinfo-primary' },
      });
      expect(primary.spec).toMatchObject({
        progressDeadlineSeconds: 120,
        revisionHistoryLimit: 3,
        strategy: { type: 'RollingUpdate' },
      });
      const template = primary.spec.template;
      expect(template.metadata?.labels).toEqual({
        app: 'podinfo-primary',
        version: 'v1',
      });
      expect(template.metadata?.annotations?.[ROLLOUT_ID_ANNOTATION]).toMatch(
        UUID,
      );

      const container = template.spec.containers[0] as any;
      expect(
        container.env.map(
          (env: any) =>
            env.valueFrom.configMapKeyRef?.name ??
            env.valueFrom.secretKeyRef?.name,
        ),
      ).toEqual([
        'podinfo-env-primary',
        'podinfo-token-primary',
        'podinfo-absent',
      ]);
      expect(container.envFrom).toEqual([
        { configMapRef: { name: 'podinfo-shared' } },
      ]);
      expect((template.spec.volumes as any)[0].configMap.name).toBe(
        'podinfo-files-primary',
      );
      expect(
        template.spec.affinity?.podAntiAffinity
          ?.preferredDuringSchedulingIgnoredDuringExecution?.[0].podAffinityTerm
          .labelSelector,
      ).toEqual({ matchLabels: { app: 'podinfo-primary' } });

      expect(
        (await testbed.get('v1', 'ConfigMap', 'podinfo-env-primary')) as any,
      ).toMatchObject({ data: { LEVEL: 'info' } });
      expect(
        (await testbed.get('v1', 'ConfigMap', 'podinfo-files-primary')) as any,
      ).toMatchObject({
        data: { 'app.yaml': 'debug: false' },
      });
      expect(
        (await testbed.get('v1', 'Secret', 'podinfo-token-primary')) as any,
      ).toMatchObject({
        type: 'Opaque',
        data: { token: Buffer.from('s3cr3t').toString('base64') },
      });
      expect(
        await testbed.get('v1', 'ConfigMap', 'podinfo-shared-primary'),
      ).toBeUndefined();
    });

    it('leaves the replicas to the autoscaler, which it copies to scale the primary', async () => {
      const owned = (await testbed.ownedFields(
        'apps/v1',
        'Deployment',
        'podinfo-primary',
        'slipway-rollouts',
      )) as any;
      expect(owned['f:spec']).toHaveProperty(['f:template']);
      expect(owned['f:spec']).not.toHaveProperty(['f:replicas']);

      const copy = (await testbed.get(
        'autoscaling/v2',
        'HorizontalPodAutoscaler',
        'podinfo-primary',
      )) as any;
      expect(copy.spec).toMatchObject({
        scaleTargetRef: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'podinfo-primary',
        },
        minReplicas: 2,
        maxReplicas: 4,
      });
      // The control plane's HPA controller enforces the minimum on the primary.
      await testbed.rolledOut('podinfo-primary', 2);
      await waitUntil(() => workloads.primaryReadiness(withHpa()), {
        description: 'the primary to be ready',
        timeoutMs: 30_000,
        intervalMs: 250,
        until: readiness => readiness.ready,
      });
    });

    it('leaves an existing primary’s pod spec alone', async () => {
      const before = (await testbed.deployment('podinfo-primary'))!;
      await testbed.apply(
        podinfo({ image: 'ghcr.io/stefanprodan/podinfo:6.1.0' }),
      );

      await workloads.ensurePrimary(withHpa());

      const after = (await testbed.deployment('podinfo-primary'))!;
      expect(after.spec.template).toEqual(before.spec.template);
      expect(after.metadata.generation).toBe(before.metadata.generation);
    });
  });

  describe('without an autoscaler', () => {
    let otherTestbed: WorkloadsTestbed;

    beforeEach(async () => {
      otherTestbed = await WorkloadsTestbed.start('workloads-init');
    });

    afterEach(() => otherTestbed.stop());

    it.each([
      [3, 3],
      [0, 1],
    ])(
      'gives a target with %d replicas a primary with %d',
      async (replicas, expected) => {
        await otherTestbed.apply(podinfo({ replicas }));
        await workloads.ensurePrimary(otherTestbed.target());
        const primary = (await otherTestbed.deployment(
          'podinfo-primary',
        )) as Deployment;
        expect(primary.spec.replicas).toBe(expected);
      },
    );
  });

  it('explains a target whose selector has none of the labels it selects on', async () => {
    const other = await WorkloadsTestbed.start('workloads-init');
    try {
      await other.apply(podinfo({ selector: { component: 'podinfo' } }));
      await expect(workloads.ensurePrimary(other.target())).rejects.toThrow(
        `${other.namespace}/podinfo: selector labels app, name or app.kubernetes.io/name not found in spec.selector.matchLabels`,
      );
      await expect(workloads.ensureServices(other.target())).rejects.toThrow(
        'selector labels app, name or',
      );
      expect(await other.deployment('podinfo-primary')).toBeUndefined();
    } finally {
      await other.stop();
    }
  });

  it('explains an autoscaler it cannot copy', async () => {
    const target = testbed.target();
    const withAutoscaler = (autoscalerRef: {
      name: string;
      kind?: string;
    }) => ({
      ...target,
      spec: { ...target.spec, autoscalerRef },
    });
    await expect(
      workloads.ensurePrimary(withAutoscaler({ name: 'absent' })),
    ).rejects.toThrow(
      `HorizontalPodAutoscaler absent.${testbed.namespace} named in autoscalerRef not found`,
    );
    await expect(
      workloads.ensurePrimary(
        withAutoscaler({ name: 'podinfo', kind: 'ScaledObject' }),
      ),
    ).rejects.toThrow('ScaledObject autoscalers are not supported yet');
  });

  it('refuses DaemonSet and Service targets', async () => {
    const target = testbed.target();
    for (const kind of ['DaemonSet', 'Service'] as const) {
      const unsupported = {
        ...target,
        spec: { ...target.spec, targetRef: { ...target.spec.targetRef, kind } },
      };
      const message = `${kind} targets are not supported yet`;
      await expect(workloads.revision(unsupported)).rejects.toThrow(message);
      await expect(workloads.ensurePrimary(unsupported)).rejects.toThrow(
        message,
      );
      await expect(workloads.ensureServices(unsupported)).rejects.toThrow(
        message,
      );
      await expect(workloads.primaryReadiness(unsupported)).rejects.toThrow(
        message,
      );
      await expect(workloads.canaryReadiness(unsupported)).rejects.toThrow(
        message,
      );
      await expect(workloads.scaleTarget(unsupported, 'up')).rejects.toThrow(
        message,
      );
      await expect(workloads.promote(unsupported)).rejects.toThrow(message);
    }
  });
});
