import type { KubernetesObject } from '@slipway/plugin-gitops-node';
import { ArgoApisixRouter } from './apisixRouter';
import {
  ownersOf,
  routedCanary,
  TEAM_CONTROLLER,
  useArgoTrafficEnv,
} from './__testUtils__/argoTrafficEnv';

const APISIX = 'apisix.apache.org/v2';

const apisixRoute = (
  name: string,
  http: Record<string, unknown>[],
): KubernetesObject => ({
  apiVersion: APISIX,
  kind: 'ApisixRoute',
  metadata: {
    name,
    labels: { app: 'web' },
    annotations: {
      'slipway.dev/tracking-id': `shop:apisix.apache.org/ApisixRoute:x/${name}`,
      'example.com/team': 'shop',
    },
  },
  spec: { ingressClassName: 'apisix', http },
});

const rule = (name: string, backends: Record<string, unknown>[]) => ({
  name,
  match: { hosts: ['web.example.com'], paths: ['/*'] },
  backends,
});

const backends = (stable = 100, canary = 0) => [
  { serviceName: 'web-stable', servicePort: 80, weight: stable },
  { serviceName: 'web-canary', servicePort: 80, weight: canary },
];

const weightsOf = (r: any) =>
  Object.fromEntries(r.backends.map((b: any) => [b.serviceName, b.weight]));

describe('ArgoApisixRouter against the local control plane', () => {
  const router = new ArgoApisixRouter();
  const env = useArgoTrafficEnv('argo-apisix');
  const getRoute = (name: string) => env.get(APISIX, 'ApisixRoute', name);
  const withHeaderStep = (apisix: Record<string, unknown>) =>
    routedCanary(
      { apisix, managedRoutes: [{ name: 'web-beta' }] },
      {
        steps: [
          {
            setWeight: 20,
            setHeaderRoute: {
              name: 'web-beta',
              match: [{ headerName: 'x-beta', headerValue: { exact: 'yes' } }],
            },
          },
          { pause: {} },
        ],
      },
    );

  it('weights the named rules 0, 20, 50, 100 and leaves the others and the rest of the route to its owners', async () => {
    await env.apply(
      apisixRoute('web', [
        rule('main', backends()),
        rule('api', backends()),
        rule('docs', [{ serviceName: 'docs', servicePort: 80 }]),
      ]),
    );
    await env.applyAs(TEAM_CONTROLLER, {
      apiVersion: APISIX,
      kind: 'ApisixRoute',
      metadata: { name: 'web', labels: { tier: 'edge' } },
    });
    const ctx = env.context(
      routedCanary({
        apisix: { route: { name: 'web', rules: ['main', 'api'] } },
      }),
    );
    for (const weight of [0, 20, 50, 100]) {
      await router.setWeight(ctx, weight);
      const route = await getRoute('web');
      expect(route.spec.http.slice(0, 2).map(weightsOf)).toEqual([
        { 'web-stable': 100 - weight, 'web-canary': weight },
        { 'web-stable': 100 - weight, 'web-canary': weight },
      ]);
      expect(route.spec.http[2]).toEqual(
        rule('docs', [{ serviceName: 'docs', servicePort: 80 }]),
      );
    }
    const route = await getRoute('web');
    expect(route.spec.ingressClassName).toBe('apisix');
    expect(route.metadata.labels).toEqual({ app: 'web', tier: 'edge' });
    expect(ownersOf(route, 'f:metadata', 'f:labels', 'f:tier')).toEqual([
      TEAM_CONTROLLER,
    ]);
    expect(ownersOf(route, 'f:spec', 'f:ingressClassName')).toEqual([
      'slipway',
    ]);
    await expect(router.verifyWeight()).resolves.toBeUndefined();
  });

  it('weights the rule named as the route when no rules are listed', async () => {
    await env.apply(apisixRoute('solo', [rule('solo', backends())]));
    const ctx = env.context(
      routedCanary({ apisix: { route: { name: 'solo' } } }),
    );
    await router.setWeight(ctx, 20);
    expect(weightsOf((await getRoute('solo')).spec.http[0])).toEqual({
      'web-stable': 80,
      'web-canary': 20,
    });
  });

  it('fails with Argo messages on a missing route, rule or backend', async () => {
    const absent = env.context(
      routedCanary({ apisix: { route: { name: 'absent' } } }),
    );
    await expect(router.setWeight(absent, 10)).rejects.toThrow(
      `ApisixRoute ${env.namespace}/absent not found (named in spec.strategy.canary.trafficRouting.apisix.route)`,
    );
    await env.apply(
      apisixRoute('partial', [
        rule('main', [{ serviceName: 'web-stable', servicePort: 80 }]),
        rule('other', backends()),
      ]),
    );
    const cases: [string[], string][] = [
      [['missing'], 'Apisix http route rule missing not found'],
      [['main'], 'apisix route web-canary backend was not found'],
    ];
    for (const [rules, message] of cases) {
      const ctx = env.context(
        routedCanary({ apisix: { route: { name: 'partial', rules } } }),
      );
      await expect(router.setWeight(ctx, 10)).rejects.toThrow(
        `ApisixRoute ${env.namespace}/partial: ${message}`,
      );
    }
    await env.apply({
      apiVersion: APISIX,
      kind: 'ApisixRoute',
      metadata: { name: 'no-http' },
      spec: { ingressClassName: 'apisix' },
    });
    const noHttp = env.context(
      routedCanary({ apisix: { route: { name: 'no-http' } } }),
    );
    await expect(router.setWeight(noHttp, 10)).rejects.toThrow(
      'spec.http was not found in Apisix Route manifest',
    );
  });

  it('makes a header route a copy of the stable route sending the headers to the canary, and removes it', async () => {
    await env.apply(
      apisixRoute('headers', [
        { ...rule('main', backends(80, 20)), priority: 5 },
        rule('docs', [{ serviceName: 'docs', servicePort: 80 }]),
      ]),
    );
    const ctx = env.context(
      withHeaderStep({ route: { name: 'headers', rules: ['main'] } }),
    );
    await router.setHeaderRoute(ctx, {
      name: 'web-beta',
      match: [
        { headerName: 'x-beta', headerValue: { exact: 'yes' } },
        { headerName: 'x-group', headerValue: { prefix: 'qa' } },
      ],
    });
    const copy = await getRoute('web-beta');
    expect(copy.metadata.labels).toEqual({ app: 'web' });
    // The sync engine's tracking mark stays on the team's route only.
    expect(copy.metadata.annotations).toEqual({ 'example.com/team': 'shop' });
    expect(copy.spec).toEqual({
      ingressClassName: 'apisix',
      http: [
        {
          name: 'main',
          priority: 6,
          match: {
            hosts: ['web.example.com'],
            paths: ['/*'],
            exprs: [
              {
                subject: { scope: 'Header', name: 'x-beta' },
                op: 'Equal',
                value: 'yes',
              },
              {
                subject: { scope: 'Header', name: 'x-group' },
                op: 'RegexMatch',
                value: '^qa.*',
              },
            ],
          },
          backends: [
            { serviceName: 'web-canary', servicePort: 80, weight: 100 },
          ],
        },
        rule('docs', [{ serviceName: 'docs', servicePort: 80 }]),
      ],
    });

    // Setting it again rebuilds it from the stable route: the priority stays one above.
    await router.setHeaderRoute(ctx, {
      name: 'web-beta',
      match: [{ headerName: 'x-beta', headerValue: { regex: 'y.*' } }],
    });
    const again = await getRoute('web-beta');
    expect(again.spec.http[0].priority).toBe(6);
    expect(again.spec.http[0].match.exprs).toEqual([
      {
        subject: { scope: 'Header', name: 'x-beta' },
        op: 'RegexMatch',
        value: 'y.*',
      },
    ]);

    await router.setHeaderRoute(ctx, { name: 'web-beta', match: [] });
    await expect(
      env.find(APISIX, 'ApisixRoute', 'web-beta'),
    ).resolves.toBeUndefined();

    await router.setHeaderRoute(ctx, {
      name: 'web-beta',
      match: [{ headerName: 'x-beta', headerValue: { exact: 'yes' } }],
    });
    await router.removeManagedRoutes(ctx);
    await expect(
      env.find(APISIX, 'ApisixRoute', 'web-beta'),
    ).resolves.toBeUndefined();
    await expect(getRoute('headers')).resolves.toBeDefined();
  });

  it('never takes or deletes an ApisixRoute of the managed route name that is not the rollout’s', async () => {
    await env.apply(apisixRoute('guarded', [rule('main', backends())]));
    await env.applyAs(
      TEAM_CONTROLLER,
      apisixRoute('web-beta', [rule('main', backends())]),
    );
    const ctx = env.context(
      withHeaderStep({ route: { name: 'guarded', rules: ['main'] } }),
    );
    await expect(
      router.setHeaderRoute(ctx, {
        name: 'web-beta',
        match: [{ headerName: 'x-beta', headerValue: { exact: 'yes' } }],
      }),
    ).rejects.toThrow(
      `duplicate ApisixRoute [web-beta] already exists in ${env.namespace}`,
    );
    await router.removeManagedRoutes(ctx);
    const untouched = await getRoute('web-beta');
    expect(weightsOf(untouched.spec.http[0])).toEqual({
      'web-stable': 100,
      'web-canary': 0,
    });
  });
});
