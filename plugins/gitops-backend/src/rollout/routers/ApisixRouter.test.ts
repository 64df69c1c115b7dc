import type { KubernetesObject } from '@internal/plugin-gitops-node';
import { weightsFromApisixRoute } from '@internal/test-env';
import { ApisixRouter } from './ApisixRouter';
import {
  canarySpec,
  RouterEnv,
  startRouterEnv,
} from './__testUtils__/routerEnv';

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
  let env: RouterEnv;
  const getRoute = (name: string) => env.get(APISIX, 'ApisixRoute', name);

  beforeAll(async () => {
    env = await startRouterEnv('apisix-router');
  });

  afterAll(async () => {
    await env?.stop();
  });

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
    await expect(router.getWeights(target)).resolves.toEqual({
      primary: 100,
      canary: 0,
    });

    await router.setWeights(target, { primary: 90, canary: 10 });
    await expect(router.getWeights(target)).resolves.toEqual({
      primary: 90,
      canary: 10,
    });
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
    await expect(router.getWeights(target)).resolves.toEqual({
      primary: 90,
      canary: 10,
    });
  });

  it('explains a missing routeRef, a missing route and a rule with several backends', async () => {
    // Validation refuses such a document; the router must still say why.
    const noRef = env.target({
      ...canarySpec({ provider: 'apisix', routeRef: { name: 'x' } }),
      routeRef: undefined,
    });
    await expect(router.reconcile(noRef)).rejects.toThrow(
      `the apisix provider needs spec.routeRef naming the ApisixRoute of podinfo in ${env.namespace}`,
    );
    const missing = env.target(
      canarySpec({ provider: 'apisix', routeRef: { name: 'absent' } }),
    );
    await expect(router.reconcile(missing)).rejects.toThrow(
      `ApisixRoute ${env.namespace}/absent not found on cluster 'local': spec.routeRef names it`,
    );
    await expect(router.getWeights(missing)).rejects.toThrow(
      `ApisixRoute ${env.namespace}/absent-podinfo-canary not found`,
    );

    const split = apisixRoute('split', 'podinfo', ['split.example.com']) as any;
    split.spec.http[0].backends.push({ serviceName: 'other', servicePort: 80 });
    await env.apply(split);
    const target = env.target(
      canarySpec({ provider: 'apisix', routeRef: { name: 'split' } }),
    );
    await expect(router.reconcile(target)).rejects.toThrow(
      `ApisixRoute ${env.namespace}/split spec.http[0] must have exactly one backend to split; it has 2`,
    );
  });

  it('removes the canary route on finalize', async () => {
    await env.apply(apisixRoute('gone', 'podinfo', ['gone.example.com']));
    const target = env.target(
      canarySpec({ provider: 'apisix', routeRef: { name: 'gone' } }),
    );
    await router.reconcile(target);
    await router.finalize(target);
    await expect(
      env.cluster.get({
        apiVersion: APISIX,
        kind: 'ApisixRoute',
        namespace: env.namespace,
        name: 'gone-podinfo-canary',
      }),
    ).resolves.toBeUndefined();
  });
});
