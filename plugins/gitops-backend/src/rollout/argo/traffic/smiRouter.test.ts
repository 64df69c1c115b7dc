import { ArgoSmiRouter } from './smiRouter';
import {
  ownersOf,
  routedCanary,
  TEAM_CONTROLLER,
  useArgoTrafficEnv,
} from './__testUtils__/argoTrafficEnv';

const SPLIT_V1ALPHA1 = 'split.smi-spec.io/v1alpha1';

describe('ArgoSmiRouter against the local control plane', () => {
  const env = useArgoTrafficEnv('argo-smi');
  const getSplit = (name: string, apiVersion = SPLIT_V1ALPHA1) =>
    env.get(apiVersion, 'TrafficSplit', name);

  it('creates the TrafficSplit named after the rollout and moves it 0, 20, 50, 100', async () => {
    const router = new ArgoSmiRouter();
    const ctx = env.context(routedCanary({ smi: {} }));
    for (const weight of [0, 20, 50, 100]) {
      await router.setWeight(ctx, weight);
      const split = await getSplit('web');
      expect(split.spec).toEqual({
        service: 'web-stable',
        backends: [
          { service: 'web-canary', weight: String(weight) },
          { service: 'web-stable', weight: String(100 - weight) },
        ],
      });
    }
    await expect(router.verifyWeight()).resolves.toBeUndefined();
  });

  it('uses trafficSplitName and rootService, writes integer weights from v1alpha2 on, and keeps foreign labels', async () => {
    const router = new ArgoSmiRouter('v1alpha3');
    const ctx = env.context(
      routedCanary({
        smi: { trafficSplitName: 'web-split', rootService: 'web' },
      }),
    );
    await router.setWeight(ctx, 30);
    await env.applyAs(TEAM_CONTROLLER, {
      apiVersion: 'split.smi-spec.io/v1alpha3',
      kind: 'TrafficSplit',
      metadata: { name: 'web-split', labels: { mesh: 'linkerd' } },
    });
    await router.setWeight(ctx, 60);
    const split = await getSplit('web-split', 'split.smi-spec.io/v1alpha3');
    expect(split.spec).toEqual({
      service: 'web',
      backends: [
        { service: 'web-canary', weight: 60 },
        { service: 'web-stable', weight: 40 },
      ],
    });
    expect(split.metadata.labels).toEqual({ mesh: 'linkerd' });
    expect(ownersOf(split, 'f:metadata', 'f:labels', 'f:mesh')).toEqual([
      TEAM_CONTROLLER,
    ]);
  });

  it('refuses a TrafficSplit of that name it does not own', async () => {
    await env.applyAs(TEAM_CONTROLLER, {
      apiVersion: SPLIT_V1ALPHA1,
      kind: 'TrafficSplit',
      metadata: { name: 'theirs' },
      spec: { service: 'web', backends: [{ service: 'web', weight: '100' }] },
    });
    const ctx = env.context(
      routedCanary({ smi: { trafficSplitName: 'theirs' } }),
    );
    await expect(new ArgoSmiRouter().setWeight(ctx, 10)).rejects.toThrow(
      `Rollout does not own TrafficSplit \`theirs\` in ${env.namespace}`,
    );
    expect((await getSplit('theirs')).spec.backends).toEqual([
      { service: 'web', weight: '100' },
    ]);
  });
});
