import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  testGitServer,
  weightsFromApisixRoute,
  weightsFromCanaryIngress,
  weightsFromHttpRoute,
  type RoutingProvider,
  type Weights,
} from '@internal/test-env';
import { RolloutHarness } from './__testUtils__/rolloutHarness';
import {
  apisixRoute,
  canary,
  CanaryOptions,
  deployment,
  ingress,
  service,
  steppedRollout,
} from './__testUtils__/podinfoManifests';
import { uniqueName } from '../clusters/__testUtils__/localKube';

jest.setTimeout(300_000);

// Blue/green, A/B, explicit steps with a pause, and the edge providers, each
// started by a new image committed to the GitOps repository and synced.

const databases = createTestDatabases();
const git = testGitServer();

async function harness(namespace: string, files: Record<string, string>, routing?: RoutingProvider) {
  const knex = await databases.init();
  return new RolloutHarness({ git, knex, namespace, files, routing }).start();
}

const notWaiting = (message: string) => !/not ready|waiting for rollout to finish/.test(message);

/** Initialises, then commits a new image and ticks the run into Progressing. */
async function startRun(h: RolloutHarness, image: string) {
  await h.sync();
  await h.tickUntil(s => s.phase === 'Initialized', 'Initialized');
  await h.commitAndSync({ 'deployment.yaml': deployment(image) }, image);
  return h.tickUntil(s => s.phase === 'Progressing', 'Progressing');
}

describe('rollout engine: strategies end to end', () => {
  it('runs blue/green on the kubernetes provider by switching the apex Service between primary and canary pods', async () => {
    const ns = uniqueName('bluegreen');
    const h = await harness(ns, {
      'deployment.yaml': deployment('podinfo:1.0.0'),
      'service.yaml': service,
      'canary.yaml': canary({ provider: 'kubernetes', iterations: 2 }),
    });
    try {
      const apexSelector = async () => (await h.get('v1', 'Service', 'podinfo'))?.spec as { selector: object };
      await h.sync();
      await h.tickUntil(s => s.phase === 'Initialized', 'Initialized');
      expect((await apexSelector()).selector).toEqual({ app: 'podinfo-primary' });

      // A load test hits podinfo-canary, as Flagger's blue/green guide prescribes.
      h.simulator.setWeights({ canary: 10 });
      await h.commitAndSync({ 'deployment.yaml': deployment('podinfo:1.1.0') }, 'podinfo 1.1.0');
      await h.tickUntil(s => s.phase === 'Progressing', 'Progressing');
      await h.prometheus.waitFor(canaryTraffic('gatewayapi', ns), v => v > 0);
      const switched = await h.tickUntil(s => s.iterations === 3, 'all traffic on the canary');
      expect(switched.canaryWeight).toBe(100);
      expect((await apexSelector()).selector).toEqual({ app: 'podinfo' });

      await h.tickUntil(s => s.phase === 'Succeeded', 'Succeeded');
      expect((await apexSelector()).selector).toEqual({ app: 'podinfo-primary' });
      const id = `podinfo.${ns}`;
      const messages = (await h.events()).map(e => e.message).filter(notWaiting);
      expect(messages.slice(messages.indexOf(`Starting canary analysis for ${id}`))).toEqual([
        `Starting canary analysis for ${id}`,
        `Advance ${id} canary iteration 1/2`,
        `Advance ${id} canary iteration 2/2`,
        'Routing all traffic to canary',
        `Copying ${id} template spec to podinfo-primary.${ns}`,
        'Routing all traffic to primary',
        `Promotion completed! Scaling down ${id}`,
      ]);
    } finally {
      await h.stop();
    }
  });

  it('runs an A/B test: only requests with the header reach the canary, for `iterations` checks, then promotes', async () => {
    const ns = uniqueName('abtest');
    const match = `
    match:
      - headers:
          X-Canary: { exact: insider }`;
    const h = await harness(ns, {
      'deployment.yaml': deployment('podinfo:1.0.0'),
      'service.yaml': service,
      'canary.yaml': canary({ provider: 'istio', iterations: 2, match }),
    });
    try {
      // The insiders' requests, sent with the header by a load test.
      h.simulator.setWeights({ canary: 10 });
      await startRun(h, 'podinfo:1.1.0');
      await h.prometheus.waitFor(
        `sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="${ns}",destination_workload=~"podinfo"}[15s]))`,
        v => v > 0,
      );
      await h.tickUntil(s => s.iterations === 1, 'iteration 1');
      const vs = await h.get('networking.istio.io/v1beta1', 'VirtualService', 'podinfo');
      const http = (vs?.spec as { http: Array<{ match?: unknown[]; route: unknown[] }> }).http;
      expect(http[0].match).toEqual([{ headers: { 'x-canary': { exact: 'insider' } } }]);
      expect(http[0].route).toEqual([
        expect.objectContaining({ destination: expect.objectContaining({ host: 'podinfo-primary' }), weight: 0 }),
        expect.objectContaining({ destination: expect.objectContaining({ host: 'podinfo-canary' }), weight: 100 }),
      ]);
      expect(http[1].match).toBeUndefined();
      expect(http[1].route).toEqual([
        expect.objectContaining({ destination: expect.objectContaining({ host: 'podinfo-primary' }), weight: 100 }),
      ]);

      await h.tickUntil(s => s.phase === 'Succeeded', 'Succeeded');
      const messages = (await h.events()).map(e => e.message);
      expect(messages).toContain(`Advance podinfo.${ns} canary iteration 2/2`);
      expect(messages).toContain(`Copying podinfo.${ns} template spec to podinfo-primary.${ns}`);
    } finally {
      await h.stop();
    }
  });

  it('holds a pause step until someone promotes, then finishes the steps', async () => {
    const ns = uniqueName('pause');
    const h = await harness(
      ns,
      { 'deployment.yaml': deployment('podinfo:1.0.0'), 'service.yaml': service, 'rollout.yaml': steppedRollout('istio') },
      'istio',
    );
    try {
      await startRun(h, 'podinfo:1.1.0');
      await h.tickUntil(s => s.canaryWeight === 20, 'weight 20');
      await h.prometheus.waitFor(
        `sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="${ns}",destination_workload=~"podinfo"}[15s]))`,
        v => v > 0,
      );
      const paused = await h.tick();
      expect(paused).toMatchObject({ phase: 'Waiting', canaryWeight: 20, pause: expect.objectContaining({ reason: 'pause step' }) });
      expect(paused.message).toBe(`Paused podinfo.${ns} at step 2: waiting for a manual promote`);
      for (let i = 0; i < 3; i++) expect(await h.tick()).toMatchObject({ phase: 'Waiting', canaryWeight: 20 });

      const status = await h.engine.control(h.app.key, 'podinfo', 'promote');
      expect(status.phase).toBe('Waiting');
      const resumed = await h.tick();
      expect(resumed).toMatchObject({ phase: 'Progressing', canaryWeight: 50 });
      await h.tickUntil(s => s.phase === 'Succeeded', 'Succeeded');
    } finally {
      await h.stop();
    }
  });

  const edge: Array<{
    provider: RoutingProvider;
    files: Record<string, string>;
    options: Partial<CanaryOptions>;
    read: (h: RolloutHarness) => Promise<Weights>;
  }> = [
    {
      provider: 'nginx',
      files: { 'ingress.yaml': ingress },
      options: { extraSpec: '\n  ingressRef: { apiVersion: networking.k8s.io/v1, kind: Ingress, name: podinfo }' },
      read: async h => weightsFromCanaryIngress(await h.get('networking.k8s.io/v1', 'Ingress', 'podinfo-canary')),
    },
    {
      provider: 'apisix',
      files: { 'route.yaml': apisixRoute },
      options: { extraSpec: '\n  routeRef: { apiVersion: apisix.apache.org/v2, kind: ApisixRoute, name: podinfo }' },
      read: async h => weightsFromApisixRoute(await h.get('apisix.apache.org/v2', 'ApisixRoute', 'podinfo-podinfo-canary'), 'podinfo'),
    },
    {
      provider: 'gatewayapi',
      files: {},
      options: { extraService: '\n    gatewayRefs: [{ name: public, namespace: gateways }]' },
      read: async h => weightsFromHttpRoute(await h.get('gateway.networking.k8s.io/v1', 'HTTPRoute', 'podinfo'), 'podinfo'),
    },
  ];

  it.each(edge)('$provider: the routing object carries each step’s weights, and all traffic returns to the primary', async ({ provider, files, options, read }) => {
    const ns = uniqueName(`edge-${provider}`);
    const h = await harness(
      ns,
      {
        'deployment.yaml': deployment('podinfo:1.0.0'),
        'service.yaml': service,
        ...files,
        'canary.yaml': canary({ provider: provider === 'gatewayapi' ? 'gatewayapi:v1' : provider, stepWeight: 10, maxWeight: 20, ...options }),
      },
      provider,
    );
    try {
      await startRun(h, 'podinfo:1.1.0');
      expect(await read(h)).toMatchObject({ primary: 100, canary: 0 });
      const seen: Array<[number, Weights]> = [];
      await h.tickUntil(s => s.canaryWeight === 10, 'weight 10');
      await h.walkSteps(async step => {
        seen.push([step.canaryWeight, await read(h)]);
        await h.prometheus.waitFor(canaryTraffic(provider, ns), v => v > 0);
      });
      expect(seen).toEqual([
        [10, expect.objectContaining({ primary: 90, canary: 10 })],
        [20, expect.objectContaining({ primary: 80, canary: 20 })],
      ]);
      await h.tickUntil(s => s.phase === 'Succeeded', 'Succeeded');
      expect(await read(h)).toMatchObject({ primary: 100, canary: 0 });
    } finally {
      await h.stop();
    }
  });
});

/** A series that shows the canary receives traffic, per provider's builtin metric names. */
function canaryTraffic(provider: RoutingProvider, ns: string): string {
  switch (provider) {
    case 'nginx':
      return `sum(rate(nginx_ingress_controller_requests{namespace="${ns}",ingress="podinfo",canary!=""}[15s]))`;
    case 'apisix':
      return `sum(rate(apisix_http_status{route=~"${ns}_podinfo-podinfo-canary_.+"}[15s]))`;
    default:
      return `sum(rate(http_request_duration_seconds_count{kubernetes_namespace="${ns}",kubernetes_pod_name=~"podinfo-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)"}[15s]))`;
  }
}
