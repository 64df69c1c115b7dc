import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { KubeConfig } from '@kubernetes/client-node';
import type { KubernetesObject } from '@slipway/plugin-gitops-node';
import { testGitServer } from '@internal/test-env';
import { Cluster } from '../clusters/Cluster';
import {
  localKubeconfigPath,
  uniqueName,
} from '../clusters/__testUtils__/localKube';
import { NamespaceAllowList } from '../clusters/NamespaceAllowList';
import { testProject } from '../__testUtils__/testProject';
import { RolloutHarness } from './__testUtils__/rolloutHarness';
import { deployment, service } from './__testUtils__/podinfoManifests';

jest.setTimeout(240_000);

// Team A's repository tries to read team B's Prometheus token: its
// MetricTemplate is declared in team B's namespace, names the Secret there
// and sends it to an address of team A's choosing. (A templateRef naming
// team B's namespace is refused earlier, when the Canary is validated.) The rollout runs on the local
// control plane; the check fails with the namespace rule, and the address
// never hears from Slipway.

const databases = createTestDatabases();
const git = testGitServer();

const canary = `apiVersion: flagger.app/v1beta1
kind: Canary
metadata:
  name: podinfo
spec:
  provider: istio
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: podinfo }
  progressDeadlineSeconds: 120
  service: { port: 80, targetPort: 9898 }
  analysis:
    interval: 60m
    threshold: 5
    maxWeight: 30
    stepWeight: 10
    metrics:
      - name: borrowed-token
        templateRef: { name: team-b-prometheus }
        thresholdRange: { max: 1 }
`;

const metricTemplate = (
  teamB: string,
  address: string,
) => `apiVersion: flagger.app/v1beta1
kind: MetricTemplate
metadata: { name: team-b-prometheus, namespace: ${teamB} }
spec:
  provider: { type: prometheus, address: '${address}', secretRef: { name: prometheus-token } }
  query: vector(0)
`;

describe('rollout engine: references stay in the app namespace, end to end', () => {
  let admin: Cluster;
  let collector: http.Server;
  const received: http.IncomingHttpHeaders[] = [];
  const teamB = uniqueName('team-b');

  beforeAll(async () => {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(localKubeconfigPath());
    admin = new Cluster('local', kubeConfig, {
      namespaces: new NamespaceAllowList(['*']),
    });
    await admin.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: teamB },
    });
    await admin.apply({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'prometheus-token', namespace: teamB },
      stringData: { token: 'team-b-token' },
    } as KubernetesObject);
    // Answers like Prometheus, so a leak would even pass the check.
    collector = http.createServer((req, res) => {
      received.push(req.headers);
      res.end(
        JSON.stringify({
          status: 'success',
          data: { resultType: 'scalar', result: [0, '0'] },
        }),
      );
    });
    await new Promise<void>(resolve =>
      collector.listen(0, '127.0.0.1', resolve),
    );
  });
  afterAll(async () => {
    collector.closeAllConnections();
    await new Promise(resolve => collector.close(resolve));
    await admin.delete({ apiVersion: 'v1', kind: 'Namespace', name: teamB });
    await admin.stop();
  });

  it("fails the check naming the rule: team B's secret is never read nor sent", async () => {
    const ns = uniqueName('team-a');
    const address = `http://127.0.0.1:${
      (collector.address() as AddressInfo).port
    }`;
    const h = await new RolloutHarness({
      git,
      knex: await databases.init(),
      namespace: ns,
      routing: 'istio',
      // The collector's address is allowed: only the namespace rule stands between it and the token.
      project: testProject({
        name: 'team-a',
        destinations: [{ cluster: 'local', namespaces: [ns] }],
        outboundHosts: ['127.0.0.1:*'],
      }),
      files: {
        'deployment.yaml': deployment('podinfo:1.0.0'),
        'service.yaml': service,
        'canary.yaml': canary,
        'metric-template.yaml': metricTemplate(teamB, address),
      },
    }).start();
    try {
      await h.sync();
      await h.tickUntil(s => s.phase === 'Initialized', 'Initialized');
      await h.commitAndSync(
        { 'deployment.yaml': deployment('podinfo:1.1.0') },
        'podinfo 1.1.0',
      );
      await h.tickUntil(s => s.canaryWeight === 10, 'weight 10');
      const checked = await h.tickUntil(
        s => s.failedChecks > 0,
        'a failed check',
      );
      const refusal = `Metric query failed for borrowed-token: MetricTemplate team-b-prometheus is declared in namespace '${teamB}', outside the rollout's namespace '${ns}': MetricTemplates resolve only there`;
      expect(checked.message).toBe(refusal);
      const [run] = (
        await h.store.listRolloutRuns(h.app.key, 'podinfo', {
          offset: 0,
          limit: 1,
        })
      ).items;
      const checks = await h.store.listRolloutChecks(run.id);
      expect(
        checks.map(c => [c.kind, c.name, c.passed, c.message]),
      ).toContainEqual(['metric', 'borrowed-token', false, refusal]);
      expect(received).toEqual([]);
    } finally {
      await h.stop();
    }
  });
});
