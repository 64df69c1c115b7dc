import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { testGitServer, waitUntil } from '@internal/test-env';
import request from 'supertest';
import {
  annotatedEntity,
  startGitopsBackend,
} from './__testUtils__/startGitopsBackend';

jest.setTimeout(120_000);

const run = Date.now().toString(36);
const ns = `rollouts-api-${run}`;
const repoName = `rollouts-api-${run}`;
const base = '/api/gitops/entities/default/component/checkout';

const canary = (
  name: string,
  target: string,
) => `apiVersion: flagger.app/v1beta1
kind: Canary
metadata: { name: ${name} }
spec:
  provider: istio
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: ${target} }
  service: { port: 80 }
  analysis:
    interval: 30s
    threshold: 3
    maxWeight: 30
    stepWeight: 10
    metrics:
      - { name: request-success-rate, thresholdRange: { min: 99 } }
      - { name: request-duration, thresholdRange: { max: 500 } }
`;

const startBackend = (
  git: ReturnType<typeof testGitServer>,
  permission: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
) =>
  startGitopsBackend({
    entities: [
      annotatedEntity('checkout', {
        'slipway.dev/repo': git.repoUrl(repoName),
        'slipway.dev/clusters': 'local',
        'slipway.dev/namespace': ns,
        'slipway.dev/canary': 'web',
      }),
    ],
    permission,
  });

describe('GET …/apps/:cluster/rollouts with the running engine', () => {
  const git = testGitServer();

  beforeAll(async () => {
    await git.createBareRepo(repoName, {
      'deployment.yaml': `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\nspec:\n  selector: { matchLabels: { app: web } }\n  template:\n    metadata: { labels: { app: web } }\n    spec: { containers: [{ name: web, image: nginx:1.27 }] }\n`,
      'canary.yaml': `${canary('web', 'web')}---\n${canary('api', 'api')}`,
    });
  });

  it('lists the parsed plan of each document with its validation errors', async () => {
    const server = await startBackend(git, AuthorizeResult.ALLOW);
    // The engine reconciles at start-up; wait until it has stored the documents.
    const res = await waitUntil(
      async () => {
        const answer = await request(server).get(`${base}/apps/local/rollouts`);
        return { status: answer.status, body: answer.body };
      },
      {
        description: 'both rollout documents to be stored',
        timeoutMs: 30_000,
        until: r => r.body.items?.length === 2,
      },
    );
    expect(res.status).toBe(200);
    // The plan only: the engine may or may not have ticked `web` by now.
    const plans = res.body.items.map(
      ({ status: _status, ...plan }: { status?: unknown }) => plan,
    );
    expect({ items: plans }).toEqual({
      items: [
        {
          name: 'web',
          kind: 'Canary',
          strategy: 'canary',
          provider: 'istio',
          targetRef: { kind: 'Deployment', name: 'web' },
          analysis: {
            interval: '30s',
            threshold: 3,
            maxWeight: 30,
            stepWeight: 10,
            weights: [10, 20, 30],
            iterations: 0,
            metrics: ['request-success-rate', 'request-duration'],
          },
          errors: [],
          warnings: [],
        },
        expect.objectContaining({
          name: 'api',
          errors: [
            `spec.targetRef: Deployment ${ns}/api is not among the app's manifests`,
            "spec.targetRef: Deployment api is not the entity's canary workload 'web' (slipway.dev/canary)",
          ],
        }),
      ],
    });

    const unknown = await request(server).get(
      `${base}/apps/elsewhere/rollouts`,
    );
    expect(unknown.status).toBe(404);
  });

  it('needs the read permission', async () => {
    const server = await startBackend(git, AuthorizeResult.DENY);
    const res = await request(server).get(`${base}/apps/local/rollouts`);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      "Permission 'gitops.app.read' denied on 'component:default/checkout'",
    );
  });
});
