import type { KubernetesObject } from '@slipway/plugin-gitops-node';
import { KubernetesRouter } from './KubernetesRouter';
import { expectWeights } from './__testUtils__/routerAssertions';
import { canarySpec, useRouterEnv } from './__testUtils__/routerEnv';

const service = (
  name: string,
  selector?: Record<string, string>,
): KubernetesObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name },
  spec: {
    ports: [{ name: 'http', port: 9898, targetPort: 9898 }],
    ...(selector ? { selector } : {}),
  },
});

const deployment = (
  name: string,
  matchLabels: Record<string, string>,
): KubernetesObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    replicas: 0,
    selector: { matchLabels },
    template: {
      metadata: { labels: matchLabels },
      spec: {
        containers: [
          { name: 'app', image: 'ghcr.io/stefanprodan/podinfo:6.5.0' },
        ],
      },
    },
  },
});

describe('KubernetesRouter against the local control plane', () => {
  const router = new KubernetesRouter();
  const env = useRouterEnv('kubernetes-router');
  const apexOf = (name: string) => env.get('v1', 'Service', name);
  /** Writes as the rollout engine's services code does: through the RolloutCluster. */
  const applyAsEngine = (obj: KubernetesObject) =>
    env.target(canarySpec()).cluster.apply({
      ...obj,
      metadata: { ...obj.metadata, namespace: env.namespace },
    });
  /** A blue/green Canary: the kubernetes provider cannot split traffic. */
  const blueGreenTarget = (spec: Record<string, unknown> = {}) =>
    env.target(
      canarySpec({
        provider: 'kubernetes',
        analysis: { interval: '1m', iterations: 3 },
        ...spec,
      }),
    );

  it('switches the apex selector between primary and canary pods, keeping what the engine owns', async () => {
    const apex = service('podinfo', { app: 'podinfo-primary' });
    await applyAsEngine({
      ...apex,
      metadata: {
        ...apex.metadata,
        annotations: { 'slipway.dev/rollout': 'podinfo' },
      },
    });
    await applyAsEngine(service('podinfo-primary', { app: 'podinfo-primary' }));
    const target = blueGreenTarget();

    await router.reconcile(target);
    await expectWeights(router, target, { primary: 100, canary: 0 });

    await router.setWeights(target, { primary: 0, canary: 100 });
    const switched = await apexOf('podinfo');
    expect(switched.spec.selector).toEqual({ app: 'podinfo' });
    expect(switched.spec.ports).toEqual([
      expect.objectContaining({ name: 'http', port: 9898, targetPort: 9898 }),
    ]);
    expect(switched.metadata.annotations).toEqual({
      'slipway.dev/rollout': 'podinfo',
    });
    await expectWeights(router, target, { primary: 0, canary: 100 });

    await router.setWeights(target, { primary: 100, canary: 0 });
    expect((await apexOf('podinfo')).spec.selector).toEqual({
      app: 'podinfo-primary',
    });
    await expectWeights(router, target, { primary: 100, canary: 0 });
  });

  it('refuses a split and leaves the selector alone', async () => {
    const target = blueGreenTarget();
    await expect(
      router.setWeights(target, { primary: 50, canary: 50 }),
    ).rejects.toThrow(
      'the kubernetes provider switches all traffic at once; asked for 50/50',
    );
    expect((await apexOf('podinfo')).spec.selector).toEqual({
      app: 'podinfo-primary',
    });
  });

  it("takes the selector label from the target's matchLabels when there is no primary Service", async () => {
    await env.apply(deployment('web', { 'app.kubernetes.io/name': 'web' }));
    await applyAsEngine(
      service('web', { 'app.kubernetes.io/name': 'web-primary' }),
    );
    const target = blueGreenTarget({
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      service: { port: 9898 },
    });
    await router.setWeights(target, { primary: 0, canary: 100 });
    expect((await apexOf('web')).spec.selector).toEqual({
      'app.kubernetes.io/name': 'web',
    });
    await expectWeights(router, target, { primary: 0, canary: 100 });
  });

  it('names a missing apex Service', async () => {
    const target = blueGreenTarget({ service: { name: 'absent', port: 80 } });
    await expect(router.getWeights(target)).rejects.toThrow(
      `Service ${env.namespace}/absent not found on cluster 'local'`,
    );
    await expect(
      router.setWeights(target, { primary: 100, canary: 0 }),
    ).rejects.toThrow(
      `Service ${env.namespace}/absent not found on cluster 'local'`,
    );
  });
});
