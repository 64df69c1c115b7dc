import { weightsFromHttpRoute } from '@internal/test-env';
import { GatewayApiRouter } from './GatewayApiRouter';
import {
  canarySpec,
  RouterEnv,
  startRouterEnv,
} from './__testUtils__/routerEnv';

const GATEWAY_REFS = [{ name: 'public', namespace: 'gateways' }];

describe('GatewayApiRouter against the local control plane', () => {
  const router = new GatewayApiRouter();
  let env: RouterEnv;
  const httpRoute = (name: string, version = 'v1') =>
    env.get(`gateway.networking.k8s.io/${version}`, 'HTTPRoute', name);

  beforeAll(async () => {
    env = await startRouterEnv('gatewayapi-router');
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('creates the HTTPRoute at 100/0, then moves and keeps weights', async () => {
    const spec = canarySpec({
      provider: 'gatewayapi:v1',
      service: {
        port: 9898,
        hosts: ['app.example.com'],
        gatewayRefs: GATEWAY_REFS,
      },
    });
    const target = env.target(spec);

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
    await expect(router.getWeights(target)).resolves.toEqual({
      primary: 100,
      canary: 0,
    });

    await router.setWeights(target, { primary: 90, canary: 10 });
    await expect(router.getWeights(target)).resolves.toEqual({
      primary: 90,
      canary: 10,
    });
    expect(weightsFromHttpRoute(await httpRoute('podinfo'), 'podinfo')).toEqual(
      { primary: 90, canary: 10 },
    );

    const changed = env.target(
      canarySpec({
        provider: 'gatewayapi:v1',
        service: {
          port: 9898,
          hosts: ['app.example.com', 'www.example.com'],
          gatewayRefs: GATEWAY_REFS,
        },
      }),
    );
    await router.reconcile(changed);
    expect((await httpRoute('podinfo')).spec.hostnames).toEqual([
      'app.example.com',
      'www.example.com',
    ]);
    await expect(router.getWeights(changed)).resolves.toEqual({
      primary: 90,
      canary: 10,
    });
  });

  it('writes gateway.networking.k8s.io/v1beta1 for gatewayapi:v1beta1', async () => {
    const target = env.target(
      canarySpec({
        provider: 'gatewayapi:v1beta1',
        service: { name: 'beta', port: 80, gatewayRefs: GATEWAY_REFS },
      }),
    );
    await router.reconcile(target);
    await router.setWeights(target, { primary: 75, canary: 25 });
    const route = await httpRoute('beta', 'v1beta1');
    expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1beta1');
    expect(weightsFromHttpRoute(route, 'beta')).toEqual({
      primary: 75,
      canary: 25,
    });
    await expect(router.getWeights(target)).resolves.toEqual({
      primary: 75,
      canary: 25,
    });
  });

  it('routes matching requests by the first rule when A/B testing', async () => {
    const spec = canarySpec({
      provider: 'gatewayapi:v1',
      service: { name: 'abtest', port: 80, gatewayRefs: GATEWAY_REFS },
      analysis: {
        interval: '1m',
        iterations: 10,
        match: [{ headers: { 'X-Canary': { exact: 'insider' } } }],
      },
    });
    const target = env.target(spec);
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
    await expect(router.getWeights(target)).resolves.toEqual({
      primary: 0,
      canary: 100,
    });
    expect(weightsFromHttpRoute(route, 'abtest')).toEqual({
      primary: 100,
      canary: 0,
    });
  });

  it('mirrors to the canary through a RequestMirror filter', async () => {
    const target = env.target(
      canarySpec({
        provider: 'gatewayapi:v1',
        service: { name: 'mirrored', port: 80, gatewayRefs: GATEWAY_REFS },
        analysis: { interval: '1m', iterations: 5, mirror: true },
      }),
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
    await expect(router.getWeights(target)).resolves.toEqual({
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
    const target = env.target(
      canarySpec({
        provider: 'gatewayapi:v1',
        service: { name: 'sticky', port: 80, gatewayRefs: GATEWAY_REFS },
        analysis: {
          interval: '1m',
          stepWeight: 10,
          maxWeight: 50,
          sessionAffinity: { cookieName: 'canary-session', maxAge: 600 },
        },
      }),
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
    await expect(router.getWeights(target)).resolves.toEqual({
      primary: 90,
      canary: 10,
    });
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
    const target = env.target(
      canarySpec({
        provider: 'gatewayapi:v1',
        service: { name: 'gone', port: 80, gatewayRefs: GATEWAY_REFS },
      }),
    );
    await expect(router.getWeights(target)).rejects.toThrow(
      `HTTPRoute ${env.namespace}/gone not found on cluster 'local'`,
    );
    await router.reconcile(target);
    await router.finalize(target);
    await expect(
      env.cluster.get({
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        namespace: env.namespace,
        name: 'gone',
      }),
    ).resolves.toBeUndefined();
  });
});
