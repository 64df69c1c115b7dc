import { weightsFromHttpRoute } from '@internal/test-env';
import { GatewayApiRouter } from './GatewayApiRouter';
import { expectWeights } from './__testUtils__/routerAssertions';
import { canarySpec, useRouterEnv } from './__testUtils__/routerEnv';

const GATEWAY_REFS = [{ name: 'public', namespace: 'gateways' }];

describe('GatewayApiRouter against the local control plane', () => {
  const router = new GatewayApiRouter();
  const env = useRouterEnv('gatewayapi-router');
  const httpRoute = (name: string, version = 'v1') =>
    env.get(`gateway.networking.k8s.io/${version}`, 'HTTPRoute', name);
  /** A `gatewayapi:v1` Canary (unless `spec` says otherwise) attached to the public gateway. */
  const gatewayTarget = (
    service: Record<string, unknown>,
    spec: Record<string, unknown> = {},
  ) =>
    env.target(
      canarySpec({
        provider: 'gatewayapi:v1',
        service: { port: 80, gatewayRefs: GATEWAY_REFS, ...service },
        ...spec,
      }),
    );

  it('creates the HTTPRoute at 100/0, then moves and keeps weights', async () => {
    const target = gatewayTarget({ port: 9898, hosts: ['app.example.com'] });

    await router.reconcile(target);
    expect((await httpRoute('podinfo')).spec).toEqual({
      parentRefs: [{ name: 'public', namespace: 'gateways' }],
      hostnames: ['app.example.com'],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/' } }],
          backendRefs: [
            { name: 'podinfo-primary', port: 9898, weight: 100 },
            { name: 'podinfo-canary', port: 9898, weight: 0 },
          ],
        },
      ],
    });
    await expectWeights(router, target, { primary: 100, canary: 0 });

    await router.setWeights(target, { primary: 90, canary: 10 });
    await expectWeights(router, target, { primary: 90, canary: 10 });
    expect(weightsFromHttpRoute(await httpRoute('podinfo'), 'podinfo')).toEqual(
      { primary: 90, canary: 10 },
    );

    const changed = gatewayTarget({
      port: 9898,
      hosts: ['app.example.com', 'www.example.com'],
    });
    await router.reconcile(changed);
    expect((await httpRoute('podinfo')).spec.hostnames).toEqual([
      'app.example.com',
      'www.example.com',
    ]);
    await expectWeights(router, changed, { primary: 90, canary: 10 });
  });

  it('writes gateway.networking.k8s.io/v1beta1 for gatewayapi:v1beta1', async () => {
    const target = gatewayTarget(
      { name: 'beta' },
      { provider: 'gatewayapi:v1beta1' },
    );
    await router.reconcile(target);
    await router.setWeights(target, { primary: 75, canary: 25 });
    const route = await httpRoute('beta', 'v1beta1');
    expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1beta1');
    expect(weightsFromHttpRoute(route, 'beta')).toEqual({
      primary: 75,
      canary: 25,
    });
    await expectWeights(router, target, { primary: 75, canary: 25 });
  });

  it('routes matching requests by the first rule when A/B testing', async () => {
    const target = gatewayTarget(
      { name: 'abtest' },
      {
        analysis: {
          interval: '1m',
          iterations: 10,
          match: [{ headers: { 'X-Canary': { exact: 'insider' } } }],
        },
      },
    );
    await router.reconcile(target);
    await router.setWeights(target, { primary: 0, canary: 100 });

    const route = await httpRoute('abtest');
    expect(route.spec.rules).toEqual([
      {
        matches: [
          {
            path: { type: 'PathPrefix', value: '/' },
            headers: [{ name: 'x-canary', type: 'Exact', value: 'insider' }],
          },
        ],
        backendRefs: [
          { name: 'abtest-primary', port: 80, weight: 0 },
          { name: 'abtest-canary', port: 80, weight: 100 },
        ],
      },
      {
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        backendRefs: [{ name: 'abtest-primary', port: 80, weight: 100 }],
      },
    ]);
    await expectWeights(router, target, { primary: 0, canary: 100 });
    expect(weightsFromHttpRoute(route, 'abtest')).toEqual({
      primary: 100,
      canary: 0,
    });
  });

  it('mirrors to the canary through a RequestMirror filter', async () => {
    const target = gatewayTarget(
      { name: 'mirrored' },
      { analysis: { interval: '1m', iterations: 5, mirror: true } },
    );
    await router.reconcile(target);
    await router.setWeights(target, { primary: 100, canary: 0, mirror: true });
    const route = await httpRoute('mirrored');
    expect(route.spec.rules[0].filters).toEqual([
      {
        type: 'RequestMirror',
        requestMirror: { backendRef: { name: 'mirrored-canary', port: 80 } },
      },
    ]);
    await expectWeights(router, target, {
      primary: 100,
      canary: 0,
      mirror: true,
    });
    expect(weightsFromHttpRoute(route, 'mirrored')).toEqual({
      primary: 100,
      canary: 0,
    });

    await router.setWeights(target, { primary: 0, canary: 100 });
    expect((await httpRoute('mirrored')).spec.rules[0].filters).toBeUndefined();
  });

  it('keeps a client on the canary with a session-affinity cookie while it gets traffic', async () => {
    const target = gatewayTarget(
      { name: 'sticky' },
      {
        analysis: {
          interval: '1m',
          stepWeight: 10,
          maxWeight: 50,
          sessionAffinity: { cookieName: 'canary-session', maxAge: 600 },
        },
      },
    );
    await router.reconcile(target);
    await router.setWeights(target, { primary: 90, canary: 10 });

    const route = await httpRoute('sticky');
    const canaryRef = route.spec.rules[1].backendRefs[1];
    const setCookie = canaryRef.filters[0].responseHeaderModifier.add[0].value;
    expect(setCookie).toMatch(/^canary-session=[a-zA-Z]{10}; Max-Age=600$/);
    const cookie = setCookie.split(';')[0];
    expect(route.spec.rules[0]).toEqual({
      matches: [
        {
          path: { type: 'PathPrefix', value: '/' },
          headers: [
            {
              name: 'Cookie',
              type: 'RegularExpression',
              value: `.*canary-session.*${cookie.split('=')[1]}.*`,
            },
          ],
        },
      ],
      backendRefs: [
        {
          name: 'sticky-canary',
          port: 80,
          weight: 100,
          filters: canaryRef.filters,
        },
      ],
    });
    await expectWeights(router, target, { primary: 90, canary: 10 });
    expect(weightsFromHttpRoute(route, 'sticky')).toEqual({
      primary: 90,
      canary: 10,
    });

    await router.setWeights(target, { primary: 70, canary: 30 });
    await router.reconcile(target);
    const later = await httpRoute('sticky');
    expect(
      later.spec.rules[1].backendRefs[1].filters[0].responseHeaderModifier
        .add[0].value,
    ).toBe(setCookie);

    await router.setWeights(target, { primary: 100, canary: 0 });
    const done = await httpRoute('sticky');
    expect(done.spec.rules).toHaveLength(1);
    expect(done.spec.rules[0].backendRefs[0].filters).toEqual([
      {
        type: 'ResponseHeaderModifier',
        responseHeaderModifier: {
          add: [{ name: 'Set-Cookie', value: `${cookie}; Max-Age=-1` }],
        },
      },
    ]);
    expect(done.spec.rules[0].backendRefs[1].filters).toBeUndefined();
  });

  it('names a missing HTTPRoute and removes its own on finalize', async () => {
    const target = gatewayTarget({ name: 'gone' });
    await expect(router.getWeights(target)).rejects.toThrow(
      `HTTPRoute ${env.namespace}/gone not found on cluster 'local'`,
    );
    await router.reconcile(target);
    await router.finalize(target);
    await expect(
      env.find('gateway.networking.k8s.io/v1', 'HTTPRoute', 'gone'),
    ).resolves.toBeUndefined();
  });
});
