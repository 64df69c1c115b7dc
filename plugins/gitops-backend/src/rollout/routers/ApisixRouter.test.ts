import type { KubernetesObject } from '@slipway/plugin-gitops-node';
import { weightsFromApisixRoute } from '@internal/test-env';
import { ApisixRouter } from './ApisixRouter';
import { expectMissingOriginalExplained } from './__testUtils__/canaryCopyAssertions';
import { expectWeights } from './__testUtils__/routerAssertions';
import { canarySpec, useRouterEnv } from './__testUtils__/routerEnv';

const APISIX = 'apisix.apache.org/v2';

const apisixRoute = (
  name: string,
  service: string,
  hosts: string[],
): KubernetesObject => ({
  apiVersion: APISIX,
  kind: 'ApisixRoute',
  metadata: { name },
  spec: {
    http: [
      {
        name: 'main',
        match: { hosts, paths: ['/*'] },
        backends: [{ serviceName: service, servicePort: 80 }],
      },
    ],
  },
});

describe('ApisixRouter against the local control plane', () => {
  const router = new ApisixRouter();
  const env = useRouterEnv('apisix-router');
  const getRoute = (name: string) => env.get(APISIX, 'ApisixRoute', name);
  const routeTarget = (name: string) =>
    env.target(
      canarySpec({
        provider: 'apisix',
        routeRef: { apiVersion: APISIX, kind: 'ApisixRoute', name },
      }),
    );

  it('creates the canary route at 100/0, then moves and keeps weights', async () => {
    await env.apply(apisixRoute('web', 'podinfo', ['app.example.com']));
    const target = env.target(
      canarySpec({
        provider: 'apisix',
        routeRef: { apiVersion: APISIX, kind: 'ApisixRoute', name: 'web' },
      }),
    );

    await router.reconcile(target);
    expect((await getRoute('web-podinfo-canary')).spec).toEqual({
      http: [
        {
          name: 'main',
          priority: 10000,
          match: { hosts: ['app.example.com'], paths: ['/*'] },
          backends: [
            { serviceName: 'podinfo-primary', servicePort: 80, weight: 100 },
            { serviceName: 'podinfo-canary', servicePort: 80, weight: 0 },
          ],
        },
      ],
    });
    await expectWeights(router, target, { primary: 100, canary: 0 });

    await router.setWeights(target, { primary: 90, canary: 10 });
    await expectWeights(router, target, { primary: 90, canary: 10 });
    expect(
      weightsFromApisixRoute(await getRoute('web-podinfo-canary'), 'podinfo'),
    ).toEqual({
      primary: 90,
      canary: 10,
    });

    await env.apply(
      apisixRoute('web', 'podinfo', ['app.example.com', 'www.example.com']),
    );
    await router.reconcile(target);
    const followed = await getRoute('web-podinfo-canary');
    expect(followed.spec.http[0].match.hosts).toEqual([
      'app.example.com',
      'www.example.com',
    ]);
    await expectWeights(router, target, { primary: 90, canary: 10 });
  });

  it('explains a missing routeRef, a missing route and a rule with several backends', async () => {
    await expectMissingOriginalExplained(router, env, {
      refField: 'routeRef',
      kind: 'ApisixRoute',
      copyOfAbsent: 'absent-podinfo-canary',
    });

    const split = apisixRoute('split', 'podinfo', ['split.example.com']) as any;
    split.spec.http[0].backends.push({ serviceName: 'other', servicePort: 80 });
    await env.apply(split);
    const target = routeTarget('split');
    await expect(router.reconcile(target)).rejects.toThrow(
      `ApisixRoute ${env.namespace}/split spec.http[0] must have exactly one backend to split; it has 2`,
    );
  });

  it('removes the canary route on finalize', async () => {
    await env.apply(apisixRoute('gone', 'podinfo', ['gone.example.com']));
    const target = routeTarget('gone');
    await router.reconcile(target);
    await router.finalize(target);
    await expect(
      env.find(APISIX, 'ApisixRoute', 'gone-podinfo-canary'),
    ).resolves.toBeUndefined();
  });
});
