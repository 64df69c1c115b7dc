import { weightsFromVirtualService } from '@internal/test-env';
import { IstioRouter } from './IstioRouter';
import { expectWeights } from './__testUtils__/routerAssertions';
import { canarySpec, useRouterEnv } from './__testUtils__/routerEnv';

const ISTIO = 'networking.istio.io/v1beta1';

describe('IstioRouter against the local control plane', () => {
  const router = new IstioRouter();
  const env = useRouterEnv('istio-router');
  const virtualService = (name: string) =>
    env.get(ISTIO, 'VirtualService', name);
  const istioTarget = (
    service: Record<string, unknown>,
    spec: Record<string, unknown> = {},
  ) =>
    env.target(
      canarySpec({
        provider: 'istio',
        service: { port: 80, ...service },
        ...spec,
      }),
    );

  it('creates the VirtualService at 100/0 and the DestinationRules, then moves and keeps weights', async () => {
    const target = istioTarget({
      port: 9898,
      hosts: ['app.example.com'],
      retries: { attempts: 3, perTryTimeout: '1s' },
      trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } },
    });

    await router.reconcile(target);
    const created = await virtualService('podinfo');
    expect(created.spec).toEqual({
      hosts: ['podinfo', 'app.example.com'],
      gateways: ['mesh'],
      http: [
        {
          retries: { attempts: 3, perTryTimeout: '1s' },
          route: [
            { destination: { host: 'podinfo-primary' }, weight: 100 },
            { destination: { host: 'podinfo-canary' }, weight: 0 },
          ],
        },
      ],
    });
    for (const host of ['podinfo-primary', 'podinfo-canary']) {
      const rule = await env.get(ISTIO, 'DestinationRule', host);
      expect(rule.spec).toEqual({
        host,
        trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } },
      });
    }
    await expectWeights(router, target, { primary: 100, canary: 0 });

    await router.setWeights(target, { primary: 90, canary: 10 });
    await expectWeights(router, target, { primary: 90, canary: 10 });
    expect(
      weightsFromVirtualService(await virtualService('podinfo'), 'podinfo'),
    ).toEqual({
      primary: 90,
      canary: 10,
    });

    // A spec change (new host, gateway) must not reset the canary's share.
    const changed = istioTarget({
      port: 9898,
      hosts: ['app.example.com', 'www.example.com'],
      gateways: ['public'],
    });
    await router.reconcile(changed);
    const updated = await virtualService('podinfo');
    expect(updated.spec.hosts).toEqual([
      'podinfo',
      'app.example.com',
      'www.example.com',
    ]);
    expect(updated.spec.gateways).toEqual(['public']);
    expect(updated.spec.http[0].retries).toBeUndefined();
    await expectWeights(router, changed, { primary: 90, canary: 10 });
  });

  it('mirrors to the canary at the mirror weight', async () => {
    const target = istioTarget(
      { name: 'mirrored', port: 9898 },
      {
        analysis: {
          interval: '1m',
          iterations: 5,
          mirror: true,
          mirrorWeight: 40,
        },
      },
    );
    await router.reconcile(target);
    await router.setWeights(target, { primary: 100, canary: 0, mirror: true });

    const vs = await virtualService('mirrored');
    expect(vs.spec.http[0].mirror).toEqual({ host: 'mirrored-canary' });
    expect(vs.spec.http[0].mirrorPercentage).toEqual({ value: 40 });
    await expectWeights(router, target, {
      primary: 100,
      canary: 0,
      mirror: true,
    });
    // Mirrored requests are copies: the simulator's split stays on the primary.
    expect(weightsFromVirtualService(vs, 'mirrored')).toEqual({
      primary: 100,
      canary: 0,
    });

    await router.setWeights(target, { primary: 100, canary: 0 });
    expect(
      (await virtualService('mirrored')).spec.http[0].mirror,
    ).toBeUndefined();
  });

  it('routes only matching requests to the canary when A/B testing', async () => {
    const target = istioTarget(
      { name: 'abtest', port: 9898 },
      {
        analysis: {
          interval: '1m',
          iterations: 10,
          match: [
            { headers: { 'X-Canary': { exact: 'insider' } } },
            {
              headers: { cookie: { regex: '^(.*?;)?(canary=always)(;.*)?$' } },
            },
          ],
        },
      },
    );
    expect(target.spec.strategy).toBe('abTesting');
    await router.reconcile(target);
    await router.setWeights(target, { primary: 0, canary: 100 });

    const vs = await virtualService('abtest');
    expect(vs.spec.http).toEqual([
      {
        match: [
          { headers: { 'x-canary': { exact: 'insider' } } },
          { headers: { cookie: { regex: '^(.*?;)?(canary=always)(;.*)?$' } } },
        ],
        route: [
          { destination: { host: 'abtest-primary' }, weight: 0 },
          { destination: { host: 'abtest-canary' }, weight: 100 },
        ],
      },
      { route: [{ destination: { host: 'abtest-primary' }, weight: 100 }] },
    ]);
    await expectWeights(router, target, { primary: 0, canary: 100 });
    // Plain requests (the simulator's) take the default rule.
    expect(weightsFromVirtualService(vs, 'abtest')).toEqual({
      primary: 100,
      canary: 0,
    });
  });

  it('keeps a client on the canary with a session-affinity cookie while it gets traffic', async () => {
    const target = istioTarget(
      { name: 'sticky' },
      {
        analysis: {
          interval: '1m',
          stepWeight: 10,
          maxWeight: 50,
          sessionAffinity: { cookieName: 'canary-session', maxAge: 21600 },
        },
      },
    );
    await router.reconcile(target);
    expect((await virtualService('sticky')).spec.http).toHaveLength(1);

    await router.setWeights(target, { primary: 90, canary: 10 });
    const sticky = await virtualService('sticky');
    const setCookie =
      sticky.spec.http[1].route[1].headers.response.add['Set-Cookie'];
    expect(setCookie).toMatch(/^canary-session=[a-zA-Z]{10}; Max-Age=21600$/);
    const cookie = setCookie.split(';')[0];
    expect(sticky.spec.http[0]).toEqual({
      match: [
        {
          headers: {
            cookie: { regex: `.*canary-session.*${cookie.split('=')[1]}.*` },
          },
        },
      ],
      route: [
        {
          destination: { host: 'sticky-canary' },
          weight: 100,
          headers: { response: { add: { 'Set-Cookie': setCookie } } },
        },
      ],
    });
    await expectWeights(router, target, { primary: 90, canary: 10 });
    expect(weightsFromVirtualService(sticky, 'sticky')).toEqual({
      primary: 90,
      canary: 10,
    });

    // The cookie value lasts for the whole run.
    await router.setWeights(target, { primary: 80, canary: 20 });
    await router.reconcile(target);
    const later = await virtualService('sticky');
    expect(later.spec.http[1].route[1].headers.response.add['Set-Cookie']).toBe(
      setCookie,
    );
    await expectWeights(router, target, { primary: 80, canary: 20 });

    // Back on the primary: the canary's cookie is expired and the sticky rule goes.
    await router.setWeights(target, { primary: 100, canary: 0 });
    const done = await virtualService('sticky');
    expect(done.spec.http).toEqual([
      {
        route: [
          {
            destination: { host: 'sticky-primary' },
            weight: 100,
            headers: {
              response: { add: { 'Set-Cookie': `${cookie}; Max-Age=-1` } },
            },
          },
          { destination: { host: 'sticky-canary' }, weight: 0 },
        ],
      },
    ]);
  });

  it('writes TCP routes for appProtocol tcp', async () => {
    const target = istioTarget({
      name: 'tcpapp',
      port: 6379,
      appProtocol: 'tcp',
    });
    await router.reconcile(target);
    await router.setWeights(target, { primary: 70, canary: 30 });
    const vs = await virtualService('tcpapp');
    expect(vs.spec.http).toBeUndefined();
    expect(vs.spec.tcp).toEqual([
      {
        match: [{ port: 6379 }],
        route: [
          {
            destination: { host: 'tcpapp-primary', port: { number: 6379 } },
            weight: 70,
          },
          {
            destination: { host: 'tcpapp-canary', port: { number: 6379 } },
            weight: 30,
          },
        ],
      },
    ]);
    await expectWeights(router, target, { primary: 70, canary: 30 });
    expect(weightsFromVirtualService(vs, 'tcpapp')).toEqual({
      primary: 70,
      canary: 30,
    });
  });

  it('refuses weights that do not sum to 100 and names a missing VirtualService', async () => {
    const target = istioTarget({ name: 'absent' });
    await expect(
      router.setWeights(target, { primary: 60, canary: 30 }),
    ).rejects.toThrow(
      'traffic weights must be whole percentages summing to 100; got primary 60, canary 30',
    );
    await expect(router.getWeights(target)).rejects.toThrow(
      `VirtualService ${env.namespace}/absent not found on cluster 'local'`,
    );
  });

  it('removes its objects on finalize', async () => {
    const target = istioTarget({ name: 'gone' });
    await router.reconcile(target);
    await router.finalize(target);
    await expect(
      env.find(ISTIO, 'VirtualService', 'gone'),
    ).resolves.toBeUndefined();
    for (const name of ['gone-primary', 'gone-canary']) {
      await expect(
        env.find(ISTIO, 'DestinationRule', name),
      ).resolves.toBeUndefined();
    }
  });
});
