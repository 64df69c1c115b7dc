import { waitUntil } from '@internal/test-env';
import { createWorkloads, ROLLOUT_ID_ANNOTATION } from '.';
import {
  configMap,
  podinfo,
  unschedulable,
  WorkloadsTestbed,
} from './__testUtils__/workloadsTestbed';

const v1 = 'ghcr.io/stefanprodan/podinfo:6.0.0';
const v2 = 'ghcr.io/stefanprodan/podinfo:6.1.0';

describe('Workloads.promote and scaleTarget against the local control plane', () => {
  const workloads = createWorkloads();
  let testbed: WorkloadsTestbed;

  const app = (
    image: string,
    extra: { podSpec?: Record<string, unknown> } = {},
  ) =>
    podinfo({
      image,
      replicas: 3,
      container: { envFrom: [{ configMapRef: { name: 'podinfo-env' } }] },
      ...extra,
    });
  /** A later commit as the sync engine applies it: the replicas are left to the rollout engine. */
  const update = (...args: Parameters<typeof app>) => {
    const deployment = app(...args);
    delete deployment.spec.replicas;
    return deployment;
  };
  const primary = async () => (await testbed.deployment('podinfo-primary'))!;
  const image = (deployment: {
    spec: {
      template: { spec: { containers: Array<{ [key: string]: unknown }> } };
    };
  }) => deployment.spec.template.spec.containers[0].image;
  const primaryReady = () =>
    waitUntil(() => workloads.primaryReadiness(testbed.target()), {
      description: 'the primary to be ready',
      timeoutMs: 45_000,
      intervalMs: 250,
      until: readiness => readiness.ready,
    });

  beforeAll(async () => {
    testbed = await WorkloadsTestbed.start('workloads-promote');
    await testbed.apply(configMap('podinfo-env', { LEVEL: 'info' }));
    await testbed.apply(app(v1));
    await workloads.ensurePrimary(testbed.target());
    await testbed.rolledOut('podinfo-primary', 3);
  });

  afterAll(() => testbed.stop());

  it('scales the target to zero, owning nothing of it but its replicas', async () => {
    await workloads.scaleTarget(testbed.target(), 'zero');
    expect((await testbed.deployment('podinfo'))?.spec.replicas).toBe(0);
    expect(
      await testbed.ownedFields(
        'apps/v1',
        'Deployment',
        'podinfo',
        'slipway-rollouts',
      ),
    ).toEqual({
      'f:spec': { 'f:replicas': {} },
    });
  });

  it('scales the target up to the primary’s replicas', async () => {
    await testbed.apply(update(v2));
    await testbed.apply(configMap('podinfo-env', { LEVEL: 'debug' }));
    await workloads.scaleTarget(testbed.target(), 'up');
    expect((await testbed.deployment('podinfo'))?.spec.replicas).toBe(3);
    await testbed.rolledOut('podinfo', 3);
  });

  it('rolls the primary to the target’s template, configs and replicas', async () => {
    const before = await primary();
    // Someone scales the canary by hand during the analysis.
    await testbed.cluster.apply(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'podinfo', namespace: testbed.namespace },
        spec: { replicas: 4 },
      },
      { fieldManager: 'kubectl-scale' },
    );
    await workloads.promote(testbed.target());

    const after = await primary();
    expect(image(after)).toBe(v2);
    expect(
      after.spec.template.metadata?.annotations?.[ROLLOUT_ID_ANNOTATION],
    ).not.toBe(
      before.spec.template.metadata?.annotations?.[ROLLOUT_ID_ANNOTATION],
    );
    expect(after.spec.template.spec.containers[0].envFrom).toEqual([
      { configMapRef: { name: 'podinfo-env-primary' } },
    ]);
    expect(
      ((await testbed.get('v1', 'ConfigMap', 'podinfo-env-primary')) as any)
        .data,
    ).toEqual({ LEVEL: 'debug' });
    await testbed.rolledOut('podinfo-primary', 4);
    await primaryReady();
  });

  it('forces a primary rollout even when only configs changed', async () => {
    const before = await primary();
    await testbed.apply(configMap('podinfo-env', { LEVEL: 'warn' }));
    await workloads.promote(testbed.target());

    const after = await primary();
    expect(after.metadata.generation).toBe(
      (before.metadata.generation ?? 0) + 1,
    );
    expect(
      ((await testbed.get('v1', 'ConfigMap', 'podinfo-env-primary')) as any)
        .data,
    ).toEqual({ LEVEL: 'warn' });
    await primaryReady();
  });

  it('reports a primary whose new template does not roll out', async () => {
    await testbed.apply(update(v1, { podSpec: unschedulable }));
    await workloads.promote(testbed.target());
    // How many new pods start depends on maxSurge/maxUnavailable (25%, at least one surge); none becomes available.
    const replicas = (await primary()).spec.replicas;
    const stuck = new RegExp(
      `^podinfo-primary\\.${testbed.namespace} not ready: waiting for rollout to finish: [12] out of ${replicas} new replicas have been updated$`,
    );
    const readiness = await waitUntil(
      () => workloads.primaryReadiness(testbed.target()),
      {
        description: 'the primary to be stuck mid-rollout',
        timeoutMs: 45_000,
        intervalMs: 250,
        until: current => stuck.test(current.message ?? ''),
      },
    );
    expect(readiness).toMatchObject({ ready: false, retriable: true });
  });

  describe('an autoscaler added to a running rollout', () => {
    let other: WorkloadsTestbed;

    beforeAll(async () => {
      other = await WorkloadsTestbed.start('workloads-promote');
    });

    afterAll(() => other.stop());

    const ownsReplicas = async () => {
      const owned = (await other.ownedFields(
        'apps/v1',
        'Deployment',
        'podinfo-primary',
        'slipway-rollouts',
      )) as any;
      return owned?.['f:spec']?.['f:replicas'] !== undefined;
    };

    it('keeps the primary’s replicas until the autoscaler takes them over', async () => {
      await other.apply(podinfo({ replicas: 3 }));
      await workloads.ensurePrimary(other.target());
      await other.apply({
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'podinfo' },
        spec: {
          scaleTargetRef: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'podinfo',
          },
          minReplicas: 4,
          maxReplicas: 6,
        },
      });
      const withHpa = other.target(
        '  autoscalerRef: { apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler, name: podinfo }\n',
      );

      await workloads.promote(withHpa);
      expect((await other.deployment('podinfo-primary'))?.spec.replicas).toBe(
        3,
      );
      expect(await ownsReplicas()).toBe(true);

      // The primary's autoscaler enforces its minimum and so becomes the replicas' owner.
      await waitUntil(() => other.deployment('podinfo-primary'), {
        description: 'the autoscaler to set the primary to 4 replicas',
        timeoutMs: 45_000,
        intervalMs: 250,
        until: live => live?.spec.replicas === 4,
      });
      await workloads.promote(withHpa);
      expect((await other.deployment('podinfo-primary'))?.spec.replicas).toBe(
        4,
      );
      expect(await ownsReplicas()).toBe(false);
    });
  });

  describe('scaling up without a primary', () => {
    let other: WorkloadsTestbed;

    beforeEach(async () => {
      other = await WorkloadsTestbed.start('workloads-promote');
    });

    afterEach(() => other.stop());

    it('takes the autoscaler’s minimum', async () => {
      await other.apply(podinfo({ replicas: 0 }));
      await other.apply({
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'podinfo-hpa' },
        spec: {
          scaleTargetRef: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'podinfo',
          },
          minReplicas: 2,
          maxReplicas: 5,
        },
      });
      await workloads.scaleTarget(
        other.target(
          '  autoscalerRef: { apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler, name: podinfo-hpa }\n',
        ),
        'up',
      );
      expect((await other.deployment('podinfo'))?.spec.replicas).toBe(2);
    });

    it('takes 1 without an autoscaler', async () => {
      await other.apply(podinfo({ replicas: 0 }));
      await workloads.scaleTarget(other.target(), 'up');
      expect((await other.deployment('podinfo'))?.spec.replicas).toBe(1);
    });
  });
});
