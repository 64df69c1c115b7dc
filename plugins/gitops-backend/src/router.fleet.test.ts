import { testGitServer, waitUntil } from '@internal/test-env';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import request from 'supertest';
import {
  annotatedEntity,
  startGitopsBackend,
} from './__testUtils__/startGitopsBackend';

jest.setTimeout(120_000);

const run = Date.now().toString(36);
const configMap = (name: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ${name} }\ndata: { level: info }\n`;

type FleetApp = {
  key: string;
  syncPolicy?: string;
  revision?: string;
  message?: string;
};

describe('the fleet route', () => {
  const git = testGitServer();
  const auto = `fleet-auto-${run}`;
  const manual = `fleet-manual-${run}`;
  const invalid = `fleet-invalid-${run}`;

  afterAll(async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(process.env.KUBECONFIG!);
    await kc
      .makeApiClient(CoreV1Api)
      .deleteNamespacedConfigMap({ name: auto, namespace: 'default' })
      .catch(() => undefined);
  });

  it("names each app's sync policy, so the fleet page can say whether it syncs on its own", async () => {
    const annotations = (name: string) => ({
      'slipway.dev/repo': git.repoUrl(name),
      'slipway.dev/clusters': 'local',
      'slipway.dev/namespace': 'default',
    });
    for (const name of [auto, manual, invalid]) {
      await git.createBareRepo(name, { 'cm.yaml': configMap(name) });
    }
    const server = await startGitopsBackend({
      entities: [
        annotatedEntity(auto, {
          ...annotations(auto),
          'slipway.dev/sync-policy': 'auto',
        }),
        // No policy annotation: manual, the default.
        annotatedEntity(manual, annotations(manual)),
        annotatedEntity(invalid, {
          ...annotations(invalid),
          'slipway.dev/sync-policy': 'sometimes',
        }),
      ],
    });

    // The engine reads the catalog at start-up: wait until every app is recorded.
    const keys = [auto, manual, invalid].map(
      name => `component:default/${name}@local`,
    );
    const items = await waitUntil(
      async () =>
        (
          await request(server).get('/api/gitops/apps')
        ).body.items as FleetApp[],
      {
        description: 'the three apps in the fleet, each reconciled',
        timeoutMs: 60_000,
        until: listed =>
          keys.every(key =>
            listed?.some(
              app => app.key === key && (app.revision || app.message),
            ),
          ),
      },
    );
    const policyOf = (name: string) =>
      items.find(app => app.key === `component:default/${name}@local`)
        ?.syncPolicy;
    expect(policyOf(auto)).toBe('auto');
    expect(policyOf(manual)).toBe('manual');
    // An app whose annotations the engine refused has no policy in force.
    expect(policyOf(invalid)).toBeUndefined();

    // The entity page reads the same policy.
    const detail = await request(server).get(
      `/api/gitops/entities/default/component/${manual}/apps/local`,
    );
    expect(detail.body.app.syncPolicy).toBe('manual');
  });
});
