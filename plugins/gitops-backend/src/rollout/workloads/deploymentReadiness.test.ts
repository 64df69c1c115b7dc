import { deploymentReadiness } from './deploymentReadiness';
import type { Deployment } from '../../kube/kubeTypes';

// Deployment states the local control plane does not hold still long enough
// to observe: the arithmetic and deadline rules of docs/rollout-engine.md#readiness.
const deployment = (
  replicas: number,
  status: Deployment['status'],
  generation = 1,
): Deployment => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'podinfo', namespace: 'test', generation },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'podinfo' } },
    template: { spec: { containers: [] } },
  },
  status: { observedGeneration: 1, ...status },
});

const now = new Date('2026-01-01T12:00:00Z');
const options = { deadlineSeconds: 60, readyThreshold: 100, now };

describe('deploymentReadiness', () => {
  it('waits for the controller to observe the latest generation', () => {
    expect(deploymentReadiness(deployment(2, {}, 2), options)).toEqual({
      ready: false,
      retriable: true,
      message:
        'waiting for rollout to finish: observed deployment generation less than desired generation',
    });
  });

  it('waits for old replicas to terminate', () => {
    expect(
      deploymentReadiness(
        deployment(2, {
          replicas: 3,
          updatedReplicas: 2,
          availableReplicas: 2,
        }),
        options,
      ),
    ).toEqual({
      ready: false,
      retriable: true,
      message:
        'waiting for rollout to finish: 1 old replicas are pending termination',
    });
  });

  it('needs floor(updated × threshold / 100) available replicas', () => {
    const partly = deployment(3, {
      replicas: 3,
      updatedReplicas: 3,
      availableReplicas: 1,
    });
    expect(
      deploymentReadiness(partly, { ...options, readyThreshold: 50 }),
    ).toEqual({ ready: true, retriable: true });
    expect(
      deploymentReadiness(partly, { ...options, readyThreshold: 90 }),
    ).toEqual({
      ready: false,
      retriable: true,
      message:
        'waiting for rollout to finish: 1 of 2 (readyThreshold 90%) updated replicas are available',
    });
  });

  it('stops retrying once pods stayed unavailable past the rollout’s deadline', () => {
    const unavailableSince = (seconds: number) =>
      deployment(2, {
        replicas: 2,
        updatedReplicas: 2,
        availableReplicas: 0,
        conditions: [
          { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated' },
          {
            type: 'Available',
            status: 'False',
            reason: 'MinimumReplicasUnavailable',
            lastUpdateTime: new Date(
              now.getTime() - seconds * 1000,
            ).toISOString(),
          },
        ],
      });
    const message =
      'waiting for rollout to finish: 0 of 2 (readyThreshold 100%) updated replicas are available';
    expect(deploymentReadiness(unavailableSince(30), options)).toEqual({
      ready: false,
      retriable: true,
      message,
    });
    expect(deploymentReadiness(unavailableSince(61), options)).toEqual({
      ready: false,
      retriable: false,
      message,
    });
  });
});
