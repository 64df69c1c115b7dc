import type { KubernetesObject } from '@slipway/plugin-gitops-node';
import { weightsFromCanaryIngress } from '@internal/test-env';
import { NginxRouter } from './NginxRouter';
import { expectMissingOriginalExplained } from './__testUtils__/canaryCopyAssertions';
import { expectWeights } from './__testUtils__/routerAssertions';
import { canarySpec, useRouterEnv } from './__testUtils__/routerEnv';

const ingress = (
  name: string,
  service: string,
  hosts: string[],
): KubernetesObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: {
    name,
    labels: { app: service },
    annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '8m' },
  },
  spec: {
    ingressClassName: 'nginx',
    rules: hosts.map(host => ({
      host,
      http: {
        paths: [
          {
            path: '/',
            pathType: 'Prefix',
            backend: { service: { name: service, port: { number: 9898 } } },
          },
        ],
      },
    })),
  },
});

describe('NginxRouter against the local control plane', () => {
  const router = new NginxRouter();
  const env = useRouterEnv('nginx-router');
  const getIngress = (name: string) =>
    env.get('networking.k8s.io/v1', 'Ingress', name);
  /** An nginx Canary copying the Ingress `name`. */
  const ingressTarget = (name: string, spec: Record<string, unknown> = {}) =>
    env.target(
      canarySpec({
        provider: 'nginx',
        ingressRef: {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'Ingress',
          name,
        },
        ...spec,
      }),
    );

  it('creates the canary Ingress at weight 0, then moves and keeps weights', async () => {
    await env.apply(ingress('podinfo', 'podinfo', ['app.example.com']));
    const target = ingressTarget('podinfo');

    await router.reconcile(target);
    const created = await getIngress('podinfo-canary');
    expect(created.metadata.labels).toEqual({ app: 'podinfo' });
    expect(created.metadata.annotations).toEqual({
      'nginx.ingress.kubernetes.io/proxy-body-size': '8m',
      'nginx.ingress.kubernetes.io/canary': 'true',
      'nginx.ingress.kubernetes.io/canary-weight': '0',
    });
    expect(created.spec.ingressClassName).toBe('nginx');
    expect(created.spec.rules[0].http.paths[0].backend).toEqual({
      service: { name: 'podinfo-canary', port: { number: 9898 } },
    });
    await expectWeights(router, target, { primary: 100, canary: 0 });
    expect(weightsFromCanaryIngress(created)).toEqual({
      primary: 100,
      canary: 0,
    });

    await router.setWeights(target, { primary: 90, canary: 10 });
    const moved = await getIngress('podinfo-canary');
    expect(
      moved.metadata.annotations['nginx.ingress.kubernetes.io/canary-weight'],
    ).toBe('10');
    expect(weightsFromCanaryIngress(moved)).toEqual({
      primary: 90,
      canary: 10,
    });
    await expectWeights(router, target, { primary: 90, canary: 10 });

    // The original gains a host: the copy follows, the canary keeps its share.
    await env.apply(
      ingress('podinfo', 'podinfo', ['app.example.com', 'www.example.com']),
    );
    await router.reconcile(target);
    const followed = await getIngress('podinfo-canary');
    expect(
      followed.spec.rules.map((rule: { host: string }) => rule.host),
    ).toEqual(['app.example.com', 'www.example.com']);
    expect(followed.spec.rules[1].http.paths[0].backend.service.name).toBe(
      'podinfo-canary',
    );
    await expectWeights(router, target, { primary: 90, canary: 10 });
  });

  it('routes by header and cookie when A/B testing', async () => {
    await env.apply(ingress('abtest', 'abtest', ['ab.example.com']));
    const target = ingressTarget('abtest', {
      service: { name: 'abtest', port: 9898 },
      analysis: {
        interval: '1m',
        iterations: 10,
        match: [
          { headers: { 'X-Canary': { exact: 'insider' } } },
          { headers: { cookie: { exact: 'canary' } } },
        ],
      },
    });
    await router.reconcile(target);
    await router.setWeights(target, { primary: 0, canary: 100 });

    const routed = await getIngress('abtest-canary');
    expect(routed.metadata.annotations).toEqual({
      'nginx.ingress.kubernetes.io/proxy-body-size': '8m',
      'nginx.ingress.kubernetes.io/canary': 'true',
      'nginx.ingress.kubernetes.io/canary-by-header': 'x-canary',
      'nginx.ingress.kubernetes.io/canary-by-header-value': 'insider',
      'nginx.ingress.kubernetes.io/canary-by-cookie': 'canary',
    });
    await expectWeights(router, target, { primary: 0, canary: 100 });
    // Plain requests carry neither the header nor the cookie.
    expect(weightsFromCanaryIngress(routed)).toEqual({
      primary: 100,
      canary: 0,
    });

    await router.setWeights(target, { primary: 100, canary: 0 });
    const reset = await getIngress('abtest-canary');
    expect(
      reset.metadata.annotations[
        'nginx.ingress.kubernetes.io/canary-by-header'
      ],
    ).toBeUndefined();
    expect(
      reset.metadata.annotations['nginx.ingress.kubernetes.io/canary-weight'],
    ).toBe('0');
  });

  it('explains a missing ingressRef, a missing Ingress and an Ingress without the apex backend', async () => {
    await expectMissingOriginalExplained(router, env, {
      refField: 'ingressRef',
      kind: 'Ingress',
      copyOfAbsent: 'absent-canary',
    });

    await env.apply(ingress('other', 'other-service', ['other.example.com']));
    const unrelated = ingressTarget('other');
    await expect(router.reconcile(unrelated)).rejects.toThrow(
      `backend podinfo not found in Ingress ${env.namespace}/other`,
    );
  });

  it('removes the canary Ingress on finalize', async () => {
    await env.apply(ingress('gone', 'gone', ['gone.example.com']));
    const target = ingressTarget('gone', {
      service: { name: 'gone', port: 9898 },
    });
    await router.reconcile(target);
    await router.finalize(target);
    await expect(
      env.find('networking.k8s.io/v1', 'Ingress', 'gone-canary'),
    ).resolves.toBeUndefined();
    await expect(getIngress('gone')).resolves.toBeDefined();
  });
});
