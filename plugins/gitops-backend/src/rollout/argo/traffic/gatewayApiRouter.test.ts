import type { KubernetesObject } from '@slipway/plugin-gitops-node';
import { ArgoGatewayApiRouter } from './gatewayApiRouter';
import {
  ownersOf,
  routedCanary,
  TEAM_CONTROLLER,
  useArgoTrafficEnv,
} from './__testUtils__/argoTrafficEnv';

const GATEWAY = 'gateway.networking.k8s.io/v1';
const PLUGIN = 'argoproj-labs/gatewayAPI';
const IN_PROGRESS = 'rollouts.argoproj.io/gatewayapi-canary';

const ref = (name: string, weight?: number) => ({
  name,
  port: 80,
  ...(weight === undefined ? {} : { weight }),
});

const httpRoute = (
  name: string,
  rules: Record<string, unknown>[],
  namespace?: string,
): KubernetesObject => ({
  apiVersion: GATEWAY,
  kind: 'HTTPRoute',
  metadata: { name, ...(namespace ? { namespace } : {}) },
  spec: {
    parentRefs: [{ name: 'shop-gateway' }],
    hostnames: ['web.example.com'],
    rules,
  },
});

/** Two split rules and one for another Service. */
const splitRules = () => [
  {
    matches: [{ path: { type: 'PathPrefix', value: '/' } }],
    backendRefs: [ref('web-stable', 100), ref('web-canary', 0)],
  },
  {
    matches: [
      {
        path: { type: 'PathPrefix', value: '/api' },
        headers: [{ name: 'x-tenant', value: 'a' }],
        method: 'GET',
      },
    ],
    filters: [
      {
        type: 'RequestHeaderModifier',
        requestHeaderModifier: { set: [{ name: 'x-via', value: 'gw' }] },
      },
    ],
    backendRefs: [ref('web-stable'), ref('web-canary')],
  },
  { backendRefs: [ref('docs', 1)] },
];

const weightsOf = (rule: any) =>
  Object.fromEntries(rule.backendRefs.map((r: any) => [r.name, r.weight]));

describe('ArgoGatewayApiRouter against the local control plane', () => {
  const router = new ArgoGatewayApiRouter();
  const env = useArgoTrafficEnv('argo-gateway');
  const getRoute = (name: string, namespace?: string) =>
    env.get(GATEWAY, 'HTTPRoute', name, namespace);
  const gatewayCanary = (config: Record<string, unknown>, canary = {}) =>
    routedCanary(
      {
        plugins: { [PLUGIN]: config },
        managedRoutes: [{ name: 'beta' }, { name: 'qa' }],
      },
      {
        steps: [
          {
            setHeaderRoute: {
              name: 'beta',
              match: [{ headerName: 'x-beta', headerValue: { exact: 'yes' } }],
            },
          },
          { setWeight: 20 },
        ],
        ...canary,
      },
    );

  it('weights every split rule of each HTTPRoute 0, 20, 50, 100 and labels the routes while the canary gets traffic', async () => {
    await env.apply(httpRoute('web', splitRules()));
    await env.apply(httpRoute('web-internal', splitRules().slice(0, 1)));
    await env.applyAs(TEAM_CONTROLLER, {
      apiVersion: GATEWAY,
      kind: 'HTTPRoute',
      metadata: { name: 'web', annotations: { 'example.com/owner': 'shop' } },
    });
    const ctx = env.context(
      gatewayCanary({
        httpRoutes: [{ name: 'web' }, { name: 'web-internal' }],
      }),
    );
    for (const weight of [20, 50, 100, 0]) {
      await router.setWeight(ctx, weight);
      for (const name of ['web', 'web-internal']) {
        const route = await getRoute(name);
        expect(weightsOf(route.spec.rules[0])).toEqual({
          'web-stable': 100 - weight,
          'web-canary': weight,
        });
        expect(route.metadata.labels?.[IN_PROGRESS]).toBe(
          weight > 0 ? 'in-progress' : undefined,
        );
      }
    }
    const route = await getRoute('web');
    expect(weightsOf(route.spec.rules[1])).toEqual({
      'web-stable': 100,
      'web-canary': 0,
    });
    expect(route.spec.rules[2]).toEqual({ backendRefs: [ref('docs', 1)] });
    expect(route.spec.parentRefs).toEqual([{ name: 'shop-gateway' }]);
    expect(route.metadata.annotations).toEqual({ 'example.com/owner': 'shop' });
    expect(ownersOf(route, 'f:spec', 'f:parentRefs')).toEqual(['slipway']);
    expect(
      ownersOf(route, 'f:metadata', 'f:annotations', 'f:example.com/owner'),
    ).toEqual([TEAM_CONTROLLER]);
    // The plugin answers VerifyWeight with Verified without looking.
    await expect(router.verifyWeight()).resolves.toBe(true);
  });

  it('follows the configured namespace and in-progress label, or none', async () => {
    const elsewhere = await env.otherNamespace();
    await env.apply(httpRoute('edge', splitRules().slice(0, 1), elsewhere));
    const custom = env.context(
      gatewayCanary({
        httpRoute: 'edge',
        namespace: elsewhere,
        inProgressLabelKey: 'example.com/canary',
        inProgressLabelValue: 'running',
      }),
    );
    await router.setWeight(custom, 40);
    let route = await getRoute('edge', elsewhere);
    expect(weightsOf(route.spec.rules[0])).toEqual({
      'web-stable': 60,
      'web-canary': 40,
    });
    expect(route.metadata.labels).toEqual({ 'example.com/canary': 'running' });

    await env.apply(httpRoute('plain', splitRules().slice(0, 1), elsewhere));
    const unlabelled = env.context(
      gatewayCanary({
        httpRoute: 'plain',
        namespace: elsewhere,
        disableInProgressLabel: true,
      }),
    );
    await router.setWeight(unlabelled, 10);
    route = await getRoute('plain', elsewhere);
    expect(weightsOf(route.spec.rules[0])).toEqual({
      'web-stable': 90,
      'web-canary': 10,
    });
    expect(route.metadata.labels).toBeUndefined();
  });

  it('names a missing HTTPRoute and one without both services', async () => {
    const absent = env.context(gatewayCanary({ httpRoute: 'absent' }));
    await expect(router.setWeight(absent, 10)).rejects.toThrow(
      `HTTPRoute ${env.namespace}/absent not found (named in spec.strategy.canary.trafficRouting.plugins["${PLUGIN}"])`,
    );
    await env.apply(
      httpRoute('stable-only', [{ backendRefs: [ref('web-stable', 1)] }]),
    );
    const stableOnly = env.context(gatewayCanary({ httpRoute: 'stable-only' }));
    await expect(router.setWeight(stableOnly, 10)).rejects.toThrow(
      `HTTPRoute ${env.namespace}/stable-only: backendRef was not found in httpRoute`,
    );
    await expect(
      router.setHeaderRoute(stableOnly, {
        name: 'beta',
        match: [{ headerName: 'x-beta', headerValue: { exact: 'yes' } }],
      }),
    ).rejects.toThrow('backendRef was not found in httpRoute');
  });

  it('adds a header rule per split rule of the routes that take header routes, weights around them and removes them', async () => {
    await env.apply(httpRoute('headers', splitRules()));
    await env.apply(httpRoute('headers-internal', splitRules().slice(0, 1)));
    const ctx = env.context(
      gatewayCanary({
        httpRoutes: [{ name: 'headers-internal' }],
        httpRoute: 'headers',
      }),
    );
    await router.setHeaderRoute(ctx, {
      name: 'beta',
      match: [
        { headerName: 'x-beta', headerValue: { exact: 'yes' } },
        { headerName: 'x-group', headerValue: { prefix: 'qa' } },
      ],
    });
    let route = await getRoute('headers');
    const beta = [
      { name: 'x-beta', type: 'Exact', value: 'yes' },
      { name: 'x-group', type: 'RegularExpression', value: 'qa.*' },
    ];
    const canaryRef = {
      group: '',
      kind: 'Service',
      name: 'web-canary',
      port: 80,
    };
    expect(route.spec.rules.slice(3)).toEqual([
      {
        name: 'beta',
        matches: [{ path: { type: 'PathPrefix', value: '/' }, headers: beta }],
        backendRefs: [canaryRef],
      },
      {
        name: 'beta-1',
        matches: [
          {
            path: { type: 'PathPrefix', value: '/api' },
            method: 'GET',
            headers: [{ name: 'x-tenant', value: 'a' }, ...beta],
          },
        ],
        filters: splitRules()[1].filters,
        backendRefs: [canaryRef],
      },
    ]);
    // Only the single httpRoute (or useHeaderRoutes) takes header routes.
    expect((await getRoute('headers-internal')).spec.rules).toHaveLength(1);

    await router.setWeight(ctx, 30);
    route = await getRoute('headers');
    expect(route.spec.rules.map(weightsOf)).toEqual([
      { 'web-stable': 70, 'web-canary': 30 },
      { 'web-stable': 70, 'web-canary': 30 },
      { docs: 1 },
      { 'web-canary': undefined },
      { 'web-canary': undefined },
    ]);

    // Setting it again replaces the route's rules rather than adding more.
    await router.setHeaderRoute(ctx, {
      name: 'beta',
      match: [{ headerName: 'x-beta', headerValue: { regex: 'y.*' } }],
    });
    route = await getRoute('headers');
    expect(route.spec.rules.map((r: any) => r.name)).toEqual([
      undefined,
      undefined,
      undefined,
      'beta',
      'beta-1',
    ]);
    expect(route.spec.rules[3].matches[0].headers).toEqual([
      { name: 'x-beta', type: 'RegularExpression', value: 'y.*' },
    ]);

    await router.removeManagedRoutes(ctx);
    route = await getRoute('headers');
    expect(route.spec.rules).toHaveLength(3);
    expect(weightsOf(route.spec.rules[0])).toEqual({
      'web-stable': 70,
      'web-canary': 30,
    });

    await router.setHeaderRoute(ctx, {
      name: 'qa',
      match: [{ headerName: 'x-qa', headerValue: { exact: '1' } }],
    });
    // An empty match removes every header rule, as the plugin does.
    await router.setHeaderRoute(ctx, { name: 'beta', match: [] });
    expect((await getRoute('headers')).spec.rules).toHaveLength(3);
  });
});
