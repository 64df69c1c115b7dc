import type { KubernetesObject } from '@slipway/plugin-gitops-node';
import { ISTIO_API_VERSION } from '../../routers/istioObjects';
import { ArgoIstioRouter } from './istioRouter';
import {
  CANARY_HASH,
  ownersOf,
  routedCanary,
  STABLE_HASH,
  TEAM_CONTROLLER,
  useArgoTrafficEnv,
} from './__testUtils__/argoTrafficEnv';

const dest = (host: string, weight?: number, extra: object = {}) => ({
  destination: { host, ...extra },
  ...(weight === undefined ? {} : { weight }),
});

const virtualService = (
  name: string,
  spec: Record<string, unknown>,
  namespace?: string,
): KubernetesObject => ({
  apiVersion: ISTIO_API_VERSION,
  kind: 'VirtualService',
  metadata: { name, ...(namespace ? { namespace } : {}) },
  spec: { hosts: ['web.example.com'], gateways: ['shop-gateway'], ...spec },
});

/** The weights a route gives each destination, by host (and subset). */
const weightsOf = (route: any): Record<string, number | undefined> =>
  Object.fromEntries(
    route.route.map((d: any) => [
      [d.destination.host, d.destination.subset].filter(Boolean).join('/'),
      d.weight,
    ]),
  );

describe('ArgoIstioRouter against the local control plane', () => {
  const router = new ArgoIstioRouter();
  const env = useArgoTrafficEnv('argo-istio');
  const getVs = (name: string, namespace?: string) =>
    env.get(ISTIO_API_VERSION, 'VirtualService', name, namespace);
  const getDr = (name: string) =>
    env.get(ISTIO_API_VERSION, 'DestinationRule', name);

  describe('host-level splitting', () => {
    it('weights the only route 0, 20, 50, 100 and leaves the rest of the VirtualService to its owners', async () => {
      await env.apply(
        virtualService('web', {
          http: [
            {
              timeout: '5s',
              route: [
                dest('web-stable.default.svc.cluster.local', 100),
                dest('web-canary', 0),
              ],
            },
          ],
        }),
      );
      await env.applyAs(TEAM_CONTROLLER, {
        apiVersion: ISTIO_API_VERSION,
        kind: 'VirtualService',
        metadata: { name: 'web', labels: { team: 'shop' } },
        spec: { exportTo: ['.'] },
      });
      const ctx = env.context(
        routedCanary({ istio: { virtualService: { name: 'web' } } }),
      );

      for (const weight of [0, 20, 50, 100]) {
        await router.setWeight(ctx, weight);
        const vs = await getVs('web');
        expect(weightsOf(vs.spec.http[0])).toEqual({
          'web-stable.default.svc.cluster.local': 100 - weight,
          'web-canary': weight,
        });
      }
      const vs = await getVs('web');
      expect(vs.spec.http[0].timeout).toBe('5s');
      expect(vs.spec.hosts).toEqual(['web.example.com']);
      expect(vs.spec.exportTo).toEqual(['.']);
      expect(vs.metadata.labels).toEqual({ team: 'shop' });
      expect(ownersOf(vs, 'f:spec', 'f:hosts')).toEqual(['slipway']);
      expect(ownersOf(vs, 'f:spec', 'f:exportTo')).toEqual([TEAM_CONTROLLER]);
      expect(ownersOf(vs, 'f:metadata', 'f:labels', 'f:team')).toEqual([
        TEAM_CONTROLLER,
      ]);
      // The routes are a list the API server keeps whole: the rollout now holds it.
      expect(ownersOf(vs, 'f:spec', 'f:http')).toEqual(['slipway-rollouts']);
      await expect(router.verifyWeight()).resolves.toBeUndefined();

      // Writing the weight it already holds sends nothing.
      const before = vs.metadata.resourceVersion;
      await router.setWeight(ctx, 100);
      expect((await getVs('web')).metadata.resourceVersion).toBe(before);
    });

    it('weights the named HTTP routes, and the TLS and TCP routes matched by port and SNI hosts', async () => {
      await env.apply(
        virtualService('multi', {
          http: [
            { name: 'other', route: [dest('docs', 100)] },
            {
              name: 'primary',
              route: [
                dest('web-stable', 100),
                dest('web-canary', 0),
                dest('web-experiment', 0),
              ],
            },
            {
              name: 'secondary',
              route: [dest('web-canary'), dest('web-stable')],
            },
          ],
          tls: [
            {
              match: [{ port: 443, sniHosts: ['b.example.com'] }],
              route: [dest('docs', 100)],
            },
            {
              match: [
                { port: 443, sniHosts: ['a.example.com'] },
                { port: 443, sniHosts: ['www.a.example.com'] },
              ],
              route: [dest('web-stable', 100), dest('web-canary', 0)],
            },
          ],
          tcp: [
            {
              match: [{ port: 3306 }],
              route: [dest('web-stable', 100), dest('web-canary', 0)],
            },
          ],
        }),
      );
      const ctx = env.context(
        routedCanary({
          istio: {
            virtualServices: [
              {
                name: 'multi',
                routes: ['primary', 'secondary'],
                tlsRoutes: [
                  {
                    port: 443,
                    sniHosts: ['www.a.example.com', 'a.example.com'],
                  },
                ],
                tcpRoutes: [{ port: 3306 }],
              },
            ],
          },
        }),
      );
      await router.setWeight(ctx, 20);
      const vs = await getVs('multi');
      expect(vs.spec.http.map(weightsOf)).toEqual([
        { docs: 100 },
        // The experiment's leftover destination goes, as in Argo.
        { 'web-stable': 80, 'web-canary': 20 },
        { 'web-canary': 20, 'web-stable': 80 },
      ]);
      expect(vs.spec.tls.map(weightsOf)).toEqual([
        { docs: 100 },
        { 'web-stable': 80, 'web-canary': 20 },
      ]);
      expect(vs.spec.tcp.map(weightsOf)).toEqual([
        { 'web-stable': 80, 'web-canary': 20 },
      ]);
    });

    it('reaches a VirtualService in another namespace through name.namespace', async () => {
      const elsewhere = await env.otherNamespace();
      await env.apply(
        virtualService(
          'edge',
          {
            http: [{ route: [dest('web-stable', 100), dest('web-canary', 0)] }],
          },
          elsewhere,
        ),
      );
      const ctx = env.context(
        routedCanary({
          istio: { virtualService: { name: `edge.${elsewhere}` } },
        }),
      );
      await router.setWeight(ctx, 50);
      const vs = await getVs('edge', elsewhere);
      expect(weightsOf(vs.spec.http[0])).toEqual({
        'web-stable': 50,
        'web-canary': 50,
      });
    });

    it('fails as Argo does, before changing anything, on a missing VirtualService, route or service', async () => {
      const absent = env.context(
        routedCanary({ istio: { virtualService: { name: 'absent' } } }),
      );
      await expect(router.setWeight(absent, 10)).rejects.toThrow(
        `VirtualService ${env.namespace}/absent not found (named in spec.strategy.canary.trafficRouting.istio)`,
      );

      await env.apply(
        virtualService('broken', {
          http: [
            {
              name: 'a',
              route: [dest('web-stable', 100), dest('web-canary', 0)],
            },
            { name: 'b', route: [dest('web-stable', 100)] },
          ],
          tls: [
            {
              match: [{ port: 443 }],
              route: [dest('web-stable', 100), dest('web-canary', 0)],
            },
          ],
        }),
      );
      const cases: [Record<string, unknown>, string][] = [
        [
          { routes: ['a', 'missing'] },
          "HTTP Route 'missing' is not found in the defined Virtual Service.",
        ],
        [
          { routes: ['a', 'b'] },
          "Canary Service 'web-canary' not found in route",
        ],
        [
          {},
          'spec.http[] should be set in VirtualService and it must have exactly one route when omitting spec.strategy.canary.trafficRouting.istio.virtualService.routes',
        ],
        [
          { routes: ['a'], tlsRoutes: [{ port: 8443 }] },
          'No matching TLS routes found in the defined Virtual Service.',
        ],
      ];
      for (const [config, message] of cases) {
        const ctx = env.context(
          routedCanary({
            istio: { virtualService: { name: 'broken', ...config } },
          }),
        );
        await expect(router.setWeight(ctx, 10)).rejects.toThrow(
          `VirtualService ${env.namespace}/broken: ${message}`,
        );
      }
      const vs = await getVs('broken');
      expect(weightsOf(vs.spec.http[0])).toEqual({
        'web-stable': 100,
        'web-canary': 0,
      });

      const noStable = env.context(
        routedCanary(
          { istio: { virtualService: { name: 'broken', routes: ['b'] } } },
          { canaryService: 'web-stable', stableService: 'web-main' },
        ),
      );
      await expect(router.setWeight(noStable, 10)).rejects.toThrow(
        "Stable Service 'web-main' not found in route",
      );
    });
  });

  describe('subset-level splitting', () => {
    const subsetCanary = (canary: Record<string, unknown> = {}) =>
      routedCanary(
        {
          istio: {
            virtualService: { name: 'subsets', routes: ['primary'] },
            destinationRule: {
              name: 'web',
              canarySubsetName: 'canary',
              stableSubsetName: 'stable',
            },
          },
        },
        { canaryService: undefined, stableService: undefined, ...canary },
      );

    beforeAll(async () => {
      await env.apply({
        apiVersion: ISTIO_API_VERSION,
        kind: 'DestinationRule',
        metadata: { name: 'web' },
        spec: {
          host: 'web.shop.svc.cluster.local',
          trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } },
          subsets: [
            { name: 'canary', labels: { app: 'web' } },
            {
              name: 'stable',
              labels: { app: 'web' },
              trafficPolicy: { loadBalancer: { simple: 'LEAST_REQUEST' } },
            },
            { name: 'legacy', labels: { app: 'web', version: 'v0' } },
          ],
        },
      });
      await env.apply(
        virtualService('subsets', {
          http: [
            {
              name: 'primary',
              route: [
                dest('web', 100, { subset: 'stable', port: { number: 8080 } }),
                dest('web', 0, { subset: 'canary', port: { number: 8080 } }),
              ],
            },
          ],
        }),
      );
    });

    it('labels the subsets with the pod template hashes and weights the route by subset', async () => {
      const ctx = env.context(subsetCanary());
      await router.updateHash(ctx);
      const rule = await getDr('web');
      expect(rule.metadata.annotations).toEqual({
        'argo-rollouts.argoproj.io/managed-by-rollouts': 'web',
      });
      expect(rule.spec.subsets).toEqual([
        {
          name: 'canary',
          labels: { app: 'web', 'rollouts-pod-template-hash': CANARY_HASH },
        },
        {
          name: 'stable',
          labels: { app: 'web', 'rollouts-pod-template-hash': STABLE_HASH },
          trafficPolicy: { loadBalancer: { simple: 'LEAST_REQUEST' } },
        },
        // Argo drops subsets it does not manage; Slipway keeps the team's.
        { name: 'legacy', labels: { app: 'web', version: 'v0' } },
      ]);
      expect(rule.spec.trafficPolicy).toEqual({
        tls: { mode: 'ISTIO_MUTUAL' },
      });
      expect(ownersOf(rule, 'f:spec', 'f:host')).toEqual(['slipway']);

      for (const weight of [0, 20, 50, 100]) {
        await router.setWeight(ctx, weight);
        const vs = await getVs('subsets');
        expect(weightsOf(vs.spec.http[0])).toEqual({
          'web/stable': 100 - weight,
          'web/canary': weight,
        });
      }

      // Once promoted there is no canary ReplicaSet: the label goes.
      await router.updateHash({
        ...ctx,
        canaryHash: '',
        stableHash: CANARY_HASH,
      });
      expect((await getDr('web')).spec.subsets.slice(0, 2)).toEqual([
        { name: 'canary', labels: { app: 'web' } },
        {
          name: 'stable',
          labels: { app: 'web', 'rollouts-pod-template-hash': CANARY_HASH },
          trafficPolicy: { loadBalancer: { simple: 'LEAST_REQUEST' } },
        },
      ]);
    });

    it('holds the subsets back while a ReplicaSet taking traffic is not available, with no services named', async () => {
      const ctx = env.context(subsetCanary(), {
        canaryHash: 'next',
        stableHash: STABLE_HASH,
        replicaSets: [
          { podTemplateHash: 'next', replicas: 2, availableReplicas: 1 },
          { podTemplateHash: STABLE_HASH, replicas: 2, availableReplicas: 2 },
        ],
      });
      const before = (await getDr('web')).spec.subsets;
      await router.updateHash(ctx);
      expect((await getDr('web')).spec.subsets).toEqual(before);

      await router.updateHash({
        ...ctx,
        replicaSets: [
          { podTemplateHash: 'next', replicas: 2, availableReplicas: 2 },
          { podTemplateHash: STABLE_HASH, replicas: 2, availableReplicas: 2 },
        ],
      });
      expect((await getDr('web')).spec.subsets[0].labels).toEqual({
        app: 'web',
        'rollouts-pod-template-hash': 'next',
      });
    });

    it('names a missing DestinationRule and a route without the subsets', async () => {
      const missing = env.context(
        routedCanary(
          {
            istio: {
              virtualService: { name: 'subsets' },
              destinationRule: {
                name: 'absent',
                canarySubsetName: 'canary',
                stableSubsetName: 'stable',
              },
            },
          },
          { canaryService: undefined, stableService: undefined },
        ),
      );
      await expect(router.updateHash(missing)).rejects.toThrow(
        `DestinationRule ${env.namespace}/absent not found (named in spec.strategy.canary.trafficRouting.istio.destinationRule)`,
      );
      const otherSubsets = env.context(
        routedCanary(
          {
            istio: {
              virtualService: { name: 'subsets' },
              destinationRule: {
                name: 'web',
                canarySubsetName: 'preview',
                stableSubsetName: 'stable',
              },
            },
          },
          { canaryService: undefined, stableService: undefined },
        ),
      );
      await expect(router.setWeight(otherSubsets, 10)).rejects.toThrow(
        "Canary DestinationRule subset 'preview' not found in route",
      );
    });
  });

  describe('header routes', () => {
    const headerCanary = (istio: Record<string, unknown>) =>
      routedCanary(
        { istio, managedRoutes: [{ name: 'beta-users' }, { name: 'qa' }] },
        {
          steps: [
            { setWeight: 20 },
            {
              setHeaderRoute: {
                name: 'beta-users',
                match: [
                  { headerName: 'x-beta', headerValue: { exact: 'yes' } },
                ],
              },
            },
            { pause: {} },
          ],
        },
      );

    it('puts header routes above the team routes in managedRoutes order, keeps them across weights and removes them', async () => {
      await env.apply(
        virtualService('headers', {
          http: [
            {
              route: [
                dest('web-stable', 100, { port: { number: 8080 } }),
                dest('web-canary', 0, { port: { number: 8080 } }),
              ],
            },
          ],
        }),
      );
      const ctx = env.context(
        headerCanary({ virtualService: { name: 'headers' } }),
      );
      await router.setHeaderRoute(ctx, {
        name: 'qa',
        match: [{ headerName: 'x-qa', headerValue: { prefix: 'team-' } }],
      });
      await router.setHeaderRoute(ctx, {
        name: 'beta-users',
        match: [
          { headerName: 'x-beta', headerValue: { exact: 'yes' } },
          { headerName: 'user-agent', headerValue: { regex: '.*Beta.*' } },
        ],
      });
      let vs = await getVs('headers');
      expect(vs.spec.http.map((r: any) => r.name)).toEqual([
        'beta-users',
        'qa',
        undefined,
      ]);
      expect(vs.spec.http[0]).toEqual({
        name: 'beta-users',
        match: [
          { headers: { 'x-beta': { exact: 'yes' } } },
          { headers: { 'user-agent': { regex: '.*Beta.*' } } },
        ],
        route: [
          {
            weight: 100,
            destination: { host: 'web-canary', port: { number: 8080 } },
          },
        ],
      });
      expect(vs.spec.http[1].match).toEqual([
        { headers: { 'x-qa': { prefix: 'team-' } } },
      ]);

      // The unnamed team route still takes the weights beside the header routes.
      await router.setWeight(ctx, 30);
      vs = await getVs('headers');
      expect(vs.spec.http.map((r: any) => r.name)).toEqual([
        'beta-users',
        'qa',
        undefined,
      ]);
      expect(weightsOf(vs.spec.http[2])).toEqual({
        'web-stable': 70,
        'web-canary': 30,
      });
      expect(weightsOf(vs.spec.http[0])).toEqual({ 'web-canary': 100 });

      // An empty match removes that route only.
      await router.setHeaderRoute(ctx, { name: 'qa', match: [] });
      vs = await getVs('headers');
      expect(vs.spec.http.map((r: any) => r.name)).toEqual([
        'beta-users',
        undefined,
      ]);

      await router.removeManagedRoutes(ctx);
      vs = await getVs('headers');
      expect(vs.spec.http).toHaveLength(1);
      expect(weightsOf(vs.spec.http[0])).toEqual({
        'web-stable': 70,
        'web-canary': 30,
      });
      // Nothing left to remove: nothing is written.
      await router.removeManagedRoutes(ctx);
      expect((await getVs('headers')).metadata.resourceVersion).toBe(
        vs.metadata.resourceVersion,
      );
    });

    it('sends header routes to the DestinationRule host and canary subset in subset-level splitting', async () => {
      await env.apply({
        apiVersion: ISTIO_API_VERSION,
        kind: 'DestinationRule',
        metadata: { name: 'headers-dr' },
        spec: {
          host: 'web-headers',
          subsets: [
            { name: 'canary', labels: { app: 'web' } },
            { name: 'stable', labels: { app: 'web' } },
          ],
        },
      });
      await env.apply(
        virtualService('headers-subsets', {
          http: [
            {
              name: 'primary',
              route: [
                dest('web-headers', 100, { subset: 'stable' }),
                dest('web-headers', 0, { subset: 'canary' }),
              ],
            },
          ],
        }),
      );
      const ctx = env.context({
        ...headerCanary({
          virtualService: { name: 'headers-subsets', routes: ['primary'] },
          destinationRule: {
            name: 'headers-dr',
            canarySubsetName: 'canary',
            stableSubsetName: 'stable',
          },
        }),
        canaryService: undefined,
        stableService: undefined,
      });
      await router.setHeaderRoute(ctx, {
        name: 'beta-users',
        match: [{ headerName: 'x-beta', headerValue: { exact: 'yes' } }],
      });
      const vs = await getVs('headers-subsets');
      expect(vs.spec.http[0]).toEqual({
        name: 'beta-users',
        match: [{ headers: { 'x-beta': { exact: 'yes' } } }],
        route: [
          {
            weight: 100,
            destination: { host: 'web-headers', subset: 'canary' },
          },
        ],
      });
      expect(vs.spec.http[1].name).toBe('primary');
    });

    it('names a VirtualService without HTTP routes', async () => {
      await env.apply(
        virtualService('tcp-only', {
          tcp: [{ route: [dest('web-stable', 100), dest('web-canary', 0)] }],
        }),
      );
      const ctx = env.context(
        headerCanary({ virtualService: { name: 'tcp-only' } }),
      );
      await expect(
        router.setHeaderRoute(ctx, {
          name: 'qa',
          match: [{ headerName: 'x-qa', headerValue: { exact: '1' } }],
        }),
      ).rejects.toThrow(
        `VirtualService ${env.namespace}/tcp-only: spec.http not found`,
      );
      // Managed routes live in HTTP routes only: nothing to remove.
      await router.removeManagedRoutes(ctx);
      await router.setWeight(ctx, 40);
      expect(weightsOf((await getVs('tcp-only')).spec.tcp[0])).toEqual({
        'web-stable': 60,
        'web-canary': 40,
      });
    });
  });
});
