import type { KubernetesObject } from '@slipway/plugin-gitops-node';
import { ArgoNginxRouter } from './nginxRouter';
import {
  ownersOf,
  routedCanary,
  TEAM_CONTROLLER,
  useArgoTrafficEnv,
} from './__testUtils__/argoTrafficEnv';

const INGRESS = 'networking.k8s.io/v1';
const PREFIX = 'nginx.ingress.kubernetes.io';

const backend = (service: string) => ({
  service: { name: service, port: { number: 8080 } },
});

/** A team's Ingress: `<name>.example.com` to `service`, `/admin` to another Service, a second host elsewhere. */
const stableIngress = (
  name: string,
  service = 'web-stable',
): KubernetesObject => ({
  apiVersion: INGRESS,
  kind: 'Ingress',
  metadata: {
    name,
    labels: { app: 'web' },
    annotations: {
      'kubernetes.io/ingress.class': 'nginx',
      [`${PREFIX}/proxy-body-size`]: '8m',
    },
  },
  spec: {
    ingressClassName: 'nginx',
    tls: [{ hosts: [`${name}.example.com`], secretName: `${name}-tls` }],
    rules: [
      {
        host: `${name}.example.com`,
        http: {
          paths: [
            { path: '/', pathType: 'Prefix', backend: backend(service) },
            { path: '/admin', pathType: 'Prefix', backend: backend('admin') },
          ],
        },
      },
      {
        host: 'docs.example.com',
        http: {
          paths: [{ path: '/', pathType: 'Prefix', backend: backend('docs') }],
        },
      },
    ],
  },
});

describe('ArgoNginxRouter against the local control plane', () => {
  const router = new ArgoNginxRouter();
  const env = useArgoTrafficEnv('argo-nginx');
  const canaryIngress = (name: string) => env.get(INGRESS, 'Ingress', name);

  it('creates the canary Ingress Argo names and moves its weight 0, 20, 50, 100', async () => {
    await env.apply(stableIngress('web'));
    const ctx = env.context(
      routedCanary({
        nginx: {
          stableIngress: 'web',
          additionalIngressAnnotations: {
            'canary-by-header': 'X-Canary',
            [`${PREFIX}/canary-by-cookie`]: 'canary',
          },
          canaryIngressAnnotations: {
            'example.com/team': 'shop',
            [`${PREFIX}/canary-by-cookie`]: 'beta',
          },
        },
      }),
    );

    await router.setWeight(ctx, 0);
    const created = await canaryIngress('web-web-canary');
    expect(created.metadata.labels).toBeUndefined();
    expect(created.metadata.annotations).toEqual({
      'kubernetes.io/ingress.class': 'nginx',
      [`${PREFIX}/canary-by-header`]: 'X-Canary',
      [`${PREFIX}/canary-by-cookie`]: 'beta',
      'example.com/team': 'shop',
      [`${PREFIX}/canary`]: 'true',
      [`${PREFIX}/canary-weight`]: '0',
    });
    expect(created.spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['web.example.com'], secretName: 'web-tls' }],
      rules: [
        {
          host: 'web.example.com',
          http: {
            paths: [
              { path: '/', pathType: 'Prefix', backend: backend('web-canary') },
              { path: '/admin', pathType: 'Prefix', backend: backend('admin') },
            ],
          },
        },
      ],
    });

    for (const weight of [20, 50, 100]) {
      await router.setWeight(ctx, weight);
      const moved = await canaryIngress('web-web-canary');
      expect(moved.metadata.annotations[`${PREFIX}/canary-weight`]).toBe(
        String(weight),
      );
      expect(
        moved.metadata.annotations[`${PREFIX}/canary-weight-total`],
      ).toBeUndefined();
    }
    // The stable Ingress is never touched.
    const stable = await env.get(INGRESS, 'Ingress', 'web');
    expect(stable.spec.rules[0].http.paths[0].backend).toEqual(
      backend('web-stable'),
    );
    expect(ownersOf(stable, 'f:spec')).toEqual(['slipway']);

    await expect(router.verifyWeight()).resolves.toBeUndefined();
    // Argo's NGINX reconciler has no header routes: route by header with annotations.
    await router.setHeaderRoute();
    await router.removeManagedRoutes();
    await router.updateHash();
    expect(
      (await canaryIngress('web-web-canary')).metadata.annotations[
        `${PREFIX}/canary-weight`
      ],
    ).toBe('100');
  });

  it('gives each stable Ingress its canary, weighs out of maxTrafficWeight and follows a custom prefix', async () => {
    await env.apply(stableIngress('public'));
    await env.apply(stableIngress('internal'));
    const ctx = env.context(
      routedCanary(
        {
          nginx: {
            stableIngresses: ['public', 'internal'],
            annotationPrefix: 'custom.nginx.example.com',
          },
          maxTrafficWeight: 1000,
        },
        { steps: [{ setWeight: 250 }] },
      ),
    );
    await router.setWeight(ctx, 250);
    for (const name of ['web-public-canary', 'web-internal-canary']) {
      const canary = await canaryIngress(name);
      expect(canary.metadata.annotations).toEqual({
        'kubernetes.io/ingress.class': 'nginx',
        'custom.nginx.example.com/canary': 'true',
        'custom.nginx.example.com/canary-weight': '250',
        'custom.nginx.example.com/canary-weight-total': '1000',
      });
    }
    await expect(router.setWeight(ctx, 1001)).rejects.toThrow(
      'canary weight must be a whole number from 0 to 1000 (maxTrafficWeight); got 1001',
    );
    await expect(router.setWeight(ctx, 12.5)).rejects.toThrow('got 12.5');
  });

  it('names a missing stable Ingress, one without the stable Service, and a canary Ingress it does not own', async () => {
    const missing = env.context(
      routedCanary({ nginx: { stableIngress: 'absent' } }),
    );
    await expect(router.setWeight(missing, 10)).rejects.toThrow(
      `stable Ingress ${env.namespace}/absent not found (named in spec.strategy.canary.trafficRouting.nginx)`,
    );

    await env.apply(stableIngress('elsewhere', 'other-service'));
    const unrelated = env.context(
      routedCanary({ nginx: { stableIngress: 'elsewhere' } }),
    );
    await expect(router.setWeight(unrelated, 10)).rejects.toThrow(
      `Ingress ${env.namespace}/elsewhere has no rules using service web-stable backend`,
    );
    await expect(
      env.find(INGRESS, 'Ingress', 'web-elsewhere-canary'),
    ).resolves.toBeUndefined();

    await env.apply(stableIngress('taken'));
    await env.applyAs(TEAM_CONTROLLER, {
      ...stableIngress('web-taken-canary'),
      metadata: { name: 'web-taken-canary' },
    });
    const taken = env.context(
      routedCanary({ nginx: { stableIngress: 'taken' } }),
    );
    await expect(router.setWeight(taken, 10)).rejects.toThrow(
      `canary ingress \`web-taken-canary\` in ${env.namespace} controlled by different object`,
    );
  });

  it('keeps what other controllers add to the canary Ingress and drops annotations the rollout stops setting', async () => {
    await env.apply(stableIngress('shared'));
    const withHeader = env.context(
      routedCanary({
        nginx: {
          stableIngress: 'shared',
          additionalIngressAnnotations: { 'canary-by-header': 'X-Canary' },
        },
      }),
    );
    await router.setWeight(withHeader, 10);
    await env.applyAs(TEAM_CONTROLLER, {
      apiVersion: INGRESS,
      kind: 'Ingress',
      metadata: {
        name: 'web-shared-canary',
        annotations: { 'field.cattle.io/publicEndpoints': '[]' },
      },
    });

    const plain = env.context(
      routedCanary({ nginx: { stableIngress: 'shared' } }),
    );
    await router.setWeight(plain, 30);
    const canary = await canaryIngress('web-shared-canary');
    expect(canary.metadata.annotations).toEqual({
      'kubernetes.io/ingress.class': 'nginx',
      'field.cattle.io/publicEndpoints': '[]',
      [`${PREFIX}/canary`]: 'true',
      [`${PREFIX}/canary-weight`]: '30',
    });
    expect(
      ownersOf(
        canary,
        'f:metadata',
        'f:annotations',
        'f:field.cattle.io/publicEndpoints',
      ),
    ).toEqual([TEAM_CONTROLLER]);
  });

  it('makes the Rollout the canary Ingress controller when it is known, and refuses another rollout', async () => {
    // A real object stands in for the Rollout, so the garbage collector keeps its dependents.
    const owner = await env.apply({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'rollout-web' },
    });
    const reference = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      name: 'rollout-web',
      uid: owner.metadata.uid,
      controller: true as const,
      blockOwnerDeletion: true as const,
    };
    await env.apply(stableIngress('owned'));
    const canary = routedCanary({ nginx: { stableIngress: 'owned' } });
    await router.setWeight(env.context(canary, { owner: reference }), 40);
    const created = await canaryIngress('web-owned-canary');
    expect(created.metadata.ownerReferences).toEqual([reference]);
    await router.setWeight(env.context(canary, { owner: reference }), 60);

    const other = { ...reference, uid: '00000000-0000-0000-0000-000000000000' };
    await expect(
      router.setWeight(env.context(canary, { owner: other }), 80),
    ).rejects.toThrow('controlled by different object');
    await expect(router.setWeight(env.context(canary), 80)).rejects.toThrow(
      'controlled by different object',
    );
    expect(
      (await canaryIngress('web-owned-canary')).metadata.annotations[
        `${PREFIX}/canary-weight`
      ],
    ).toBe('60');
  });
});
