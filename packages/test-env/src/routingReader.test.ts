import {
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  NetworkingV1Api,
} from '@kubernetes/client-node';
import { startKube, stopKube } from './kube';
import { ensureRoutingCrds } from './routingCrds';
import { kubeAlreadyRunning } from './testEnv';
import { startTrafficSimulator, TrafficSimulator } from './trafficSimulator';

// Reads real routing objects from the local control plane. The routing CRDs
// are installed schemaless (the simulator only reads them) when missing, and
// left in place for other tests running at the same time.

jest.setTimeout(10 * 60 * 1000);

describe('traffic simulator reading routing objects from a cluster', () => {
  const namespace = `sim-routing-${Date.now().toString(36)}`;
  let core: CoreV1Api;
  let custom: CustomObjectsApi;
  let networking: NetworkingV1Api;
  let sim: TrafficSimulator;
  let stopAfter = false;

  beforeAll(async () => {
    stopAfter = !(await kubeAlreadyRunning());
    const { kubeconfigPath } = await startKube();
    const config = new KubeConfig();
    config.loadFromFile(kubeconfigPath);
    core = config.makeApiClient(CoreV1Api);
    custom = config.makeApiClient(CustomObjectsApi);
    networking = config.makeApiClient(NetworkingV1Api);

    await ensureRoutingCrds(kubeconfigPath);
    await core.createNamespace({ body: { metadata: { name: namespace } } });

    await custom.createNamespacedCustomObject({
      group: 'networking.istio.io',
      version: 'v1beta1',
      namespace,
      plural: 'virtualservices',
      body: {
        apiVersion: 'networking.istio.io/v1beta1',
        kind: 'VirtualService',
        metadata: { name: 'mesh-app' },
        spec: {
          hosts: ['mesh-app'],
          http: [
            {
              route: [
                { destination: { host: 'mesh-app-primary' }, weight: 80 },
                { destination: { host: 'mesh-app-canary' }, weight: 20 },
              ],
            },
          ],
        },
      },
    });
    await networking.createNamespacedIngress({
      namespace,
      body: {
        metadata: {
          name: 'web-app-canary',
          annotations: {
            'nginx.ingress.kubernetes.io/canary': 'true',
            'nginx.ingress.kubernetes.io/canary-weight': '30',
          },
        },
        spec: {
          ingressClassName: 'nginx',
          rules: [
            {
              host: 'web.example.com',
              http: {
                paths: [
                  {
                    path: '/',
                    pathType: 'Prefix',
                    backend: {
                      service: { name: 'web-app-canary', port: { number: 80 } },
                    },
                  },
                ],
              },
            },
          ],
        },
      },
    });
    await custom.createNamespacedCustomObject({
      group: 'apisix.apache.org',
      version: 'v2',
      namespace,
      plural: 'apisixroutes',
      body: {
        apiVersion: 'apisix.apache.org/v2',
        kind: 'ApisixRoute',
        metadata: { name: 'api-app-api-app-canary' },
        spec: {
          http: [
            {
              name: 'main',
              priority: 10000,
              match: { paths: ['/*'] },
              backends: [
                { serviceName: 'api-app-primary', servicePort: 80, weight: 60 },
                { serviceName: 'api-app-canary', servicePort: 80, weight: 40 },
              ],
            },
          ],
        },
      },
    });
    await custom.createNamespacedCustomObject({
      group: 'gateway.networking.k8s.io',
      version: 'v1',
      namespace,
      plural: 'httproutes',
      body: {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name: 'gw-app' },
        spec: {
          parentRefs: [{ name: 'gateway' }],
          rules: [
            {
              backendRefs: [
                { name: 'gw-app-primary', port: 80, weight: 95 },
                { name: 'gw-app-canary', port: 80, weight: 5 },
              ],
            },
          ],
        },
      },
    });

    sim = await startTrafficSimulator({
      kubeconfigPath,
      tickIntervalMs: 0,
      apps: [
        { name: 'mesh-app', namespace, routing: { provider: 'istio' } },
        { name: 'web-app', namespace, routing: { provider: 'nginx' } },
        { name: 'api-app', namespace, routing: { provider: 'apisix' } },
        { name: 'gw-app', namespace, routing: { provider: 'gatewayapi' } },
      ],
    });
  });

  afterAll(async () => {
    await sim?.close();
    await core?.deleteNamespace({ name: namespace }).catch(() => undefined);
    if (stopAfter) await stopKube();
  });

  it('splits traffic by each routing object', async () => {
    await sim.tick(1);
    for (const app of ['mesh-app', 'web-app', 'api-app', 'gw-app']) {
      expect(sim.lastError(app)).toBeUndefined();
    }
    expect(sim.weights('mesh-app')).toEqual({ primary: 80, canary: 20 });
    expect(sim.weights('web-app')).toEqual({ primary: 70, canary: 30 });
    expect(sim.weights('api-app')).toEqual({ primary: 60, canary: 40 });
    expect(sim.weights('gw-app')).toEqual({ primary: 95, canary: 5 });
    expect(sim.totals('canary', 'mesh-app').requests).toBe(20);
  });

  it('follows changes to the routing objects', async () => {
    const vs = await custom.getNamespacedCustomObject({
      group: 'networking.istio.io',
      version: 'v1beta1',
      namespace,
      plural: 'virtualservices',
      name: 'mesh-app',
    });
    vs.spec.http[0].route[0].weight = 50;
    vs.spec.http[0].route[1].weight = 50;
    await custom.replaceNamespacedCustomObject({
      group: 'networking.istio.io',
      version: 'v1beta1',
      namespace,
      plural: 'virtualservices',
      name: 'mesh-app',
      body: vs,
    });
    // Removing the canary ingress sends all NGINX traffic back to primary.
    await networking.deleteNamespacedIngress({
      name: 'web-app-canary',
      namespace,
    });

    await sim.tick(1);
    expect(sim.weights('mesh-app')).toEqual({ primary: 50, canary: 50 });
    expect(sim.weights('web-app')).toEqual({ primary: 100, canary: 0 });
  });
});
