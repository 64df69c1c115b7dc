import net from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { waitUntil } from '@internal/test-env';
import { KubeHttpClient } from '../clusters/KubeHttpClient';
import {
  localKubeconfigPath,
  uniqueName,
} from '../clusters/__testUtils__/localKube';
import { OtelEngineMetrics } from './OtelEngineMetrics';
import { TestMeterProvider } from './__testUtils__/collectMetrics';

jest.setTimeout(60_000);

const COUNTER = 'gitops.kube.request.count';

const localKubeConfig = () => {
  const kc = new KubeConfig();
  kc.loadFromFile(localKubeconfigPath());
  return kc;
};

describe('Kubernetes API requests counted against the local control plane', () => {
  const ns = uniqueName('metrics');
  let sdk: TestMeterProvider;
  let client: KubeHttpClient;

  const count = async (attributes: Record<string, string>) =>
    (await sdk.collect()).point(COUNTER, { cluster: 'local', ...attributes })
      ?.value ?? 0;

  beforeAll(() => {
    sdk = new TestMeterProvider();
    client = new KubeHttpClient(localKubeConfig(), {
      cluster: 'local',
      metrics: new OtelEngineMetrics(sdk.meter()),
    });
  });

  afterAll(async () => {
    await client
      .request('DELETE', `/api/v1/namespaces/${ns}`)
      .catch(() => undefined);
    client.close();
    await sdk.shutdown();
  });

  it('counts each request by cluster, verb and status class', async () => {
    await client.request('GET', '/api/v1');
    await client.request('POST', '/api/v1/namespaces', {
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
    });
    await client.request(
      'PATCH',
      `/api/v1/namespaces/${ns}/configmaps/settings`,
      {
        query: { fieldManager: 'slipway-metrics-test' },
        body: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'settings', namespace: ns },
          data: { a: 'b' },
        },
        contentType: 'application/apply-patch+yaml',
      },
    );
    await client.request('GET', `/api/v1/namespaces/${ns}/configmaps/settings`);
    await client.request('GET', `/api/v1/namespaces/${ns}/configmaps`);
    await client.request('GET', `/api/v1/namespaces/${ns}/configmaps`);
    await expect(
      client.request('GET', `/api/v1/namespaces/${ns}/configmaps/missing`),
    ).rejects.toThrow(/404/);

    const collected = await sdk.collect();
    const point = (verb: string, result: string) =>
      collected.point(COUNTER, { cluster: 'local', verb, result })?.value;
    expect(point('discovery', '2xx')).toBe(1);
    expect(point('create', '2xx')).toBe(1);
    expect(point('apply', '2xx')).toBe(1);
    expect(point('get', '2xx')).toBe(1);
    expect(point('list', '2xx')).toBe(2);
    expect(point('get', '4xx')).toBe(1);
    // Every request the client made is in the counter, and nothing else.
    const total = collected
      .points(COUNTER)
      .reduce((sum, p) => sum + p.value, 0);
    expect(total).toBe(client.counts.requests);
    expect(total).toBe(7);
  });

  it('counts a watch once, when the server answers it', async () => {
    const events: string[] = [];
    const stream = await client.watch(
      `/api/v1/namespaces/${ns}/configmaps`,
      {},
      e => events.push(e.type),
      30_000,
    );
    try {
      await waitUntil(() => count({ verb: 'watch', result: '2xx' }), {
        description: 'the watch to be counted',
        until: value => value === 1,
      });
      // The initial ADDED event for the existing ConfigMap arrives on the same stream, uncounted.
      await waitUntil(() => events.includes('ADDED'), {
        description: 'the initial event',
      });
      expect(await count({ verb: 'watch', result: '2xx' })).toBe(1);
    } finally {
      stream.abort();
      await stream.done;
    }
  });

  it('counts a request that got no answer as an error', async () => {
    // A port that was just free: connections to it are refused.
    const closed = net.createServer();
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise(resolve => closed.close(resolve));
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'gone', server: `https://127.0.0.1:${port}` }],
      users: [{ name: 'nobody' }],
      contexts: [{ name: 'gone', cluster: 'gone', user: 'nobody' }],
      currentContext: 'gone',
    });
    const unreachable = new KubeHttpClient(kc, {
      metrics: new OtelEngineMetrics(sdk.meter()),
    });
    try {
      await expect(
        unreachable.request('GET', '/api/v1/namespaces'),
      ).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      unreachable.close();
    }
    // Without a name from Slipway's config, the kubeconfig's cluster name labels it.
    const collected = await sdk.collect();
    expect(
      collected.point(COUNTER, {
        cluster: 'gone',
        verb: 'list',
        result: 'error',
      })?.value,
    ).toBe(1);
  });
});
