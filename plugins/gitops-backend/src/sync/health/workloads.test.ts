import { withPatch } from '../__fixtures__/merge';
import {
  daemonSet,
  deployment,
  replicaSet,
  statefulSet,
} from '../__fixtures__/workloads';
import {
  daemonSetHealth,
  deploymentHealth,
  replicaSetHealth,
  statefulSetHealth,
} from './workloads';

describe('deploymentHealth', () => {
  it('is Healthy when every replica is updated and available', () => {
    expect(deploymentHealth(deployment)).toEqual({
      status: 'Healthy',
      message: 'Deployment "web" successfully rolled out',
    });
  });

  it('is Suspended when paused, whatever the rollout state', () => {
    const paused = withPatch(deployment, {
      spec: { paused: true },
      status: { updatedReplicas: 1 },
    });
    expect(deploymentHealth(paused)).toEqual({
      status: 'Suspended',
      message: 'Deployment is paused',
    });
  });

  it('is Degraded when the progress deadline was exceeded', () => {
    const stuck = withPatch(deployment, {
      status: {
        updatedReplicas: 1,
        availableReplicas: 2,
        unavailableReplicas: 1,
        conditions: [
          {
            type: 'Available',
            status: 'True',
            reason: 'MinimumReplicasAvailable',
            message: 'Deployment has minimum availability.',
          },
          {
            type: 'Progressing',
            status: 'False',
            reason: 'ProgressDeadlineExceeded',
            message: 'ReplicaSet "web-5b7c9d" has timed out progressing.',
          },
        ],
      },
    });
    expect(deploymentHealth(stuck)).toEqual({
      status: 'Degraded',
      message: 'Deployment "web" exceeded its progress deadline',
    });
  });

  it('is Progressing while the controller has not seen the new generation', () => {
    const unobserved = withPatch(deployment, { metadata: { generation: 4 } });
    expect(deploymentHealth(unobserved)).toEqual({
      status: 'Progressing',
      message:
        'Waiting for rollout to finish: observed deployment generation less than desired generation',
    });
  });

  it('is Progressing while new replicas are being created', () => {
    const rolling = withPatch(deployment, {
      status: { replicas: 4, updatedReplicas: 1, availableReplicas: 3 },
    });
    expect(deploymentHealth(rolling)).toEqual({
      status: 'Progressing',
      message:
        'Waiting for rollout to finish: 1 out of 3 new replicas have been updated...',
    });
  });

  it('is Progressing while old replicas terminate', () => {
    const draining = withPatch(deployment, { status: { replicas: 5 } });
    expect(deploymentHealth(draining).message).toBe(
      'Waiting for rollout to finish: 2 old replicas are pending termination...',
    );
  });

  it('is Progressing while updated replicas are not yet available', () => {
    const starting = withPatch(deployment, {
      status: { availableReplicas: 1, readyReplicas: 1 },
    });
    expect(deploymentHealth(starting)).toEqual({
      status: 'Progressing',
      message:
        'Waiting for rollout to finish: 1 of 3 updated replicas are available...',
    });
  });

  it('is Healthy when scaled to zero', () => {
    const scaledDown = withPatch(deployment, {
      spec: { replicas: 0 },
      status: {
        replicas: null,
        updatedReplicas: null,
        readyReplicas: null,
        availableReplicas: null,
      },
    });
    expect(deploymentHealth(scaledDown).status).toBe('Healthy');
  });
});

describe('statefulSetHealth', () => {
  it('is Healthy when all pods are ready at the partition', () => {
    expect(statefulSetHealth(statefulSet)).toEqual({
      status: 'Healthy',
      message: 'partitioned roll out complete: 3 new pods have been updated...',
    });
  });

  it('is Progressing until a first generation is observed', () => {
    const fresh = withPatch(statefulSet, {
      status: { observedGeneration: null },
    });
    expect(statefulSetHealth(fresh)).toEqual({
      status: 'Progressing',
      message: 'Waiting for statefulset spec update to be observed...',
    });
  });

  it('is Progressing while pods are not ready', () => {
    const starting = withPatch(statefulSet, { status: { readyReplicas: 1 } });
    expect(statefulSetHealth(starting)).toEqual({
      status: 'Progressing',
      message: 'Waiting for 2 pods to be ready...',
    });
  });

  it('is Progressing while a partitioned rollout has pods left to update', () => {
    const partitioned = withPatch(statefulSet, {
      spec: { updateStrategy: { rollingUpdate: { partition: 1 } } },
      status: { updatedReplicas: 1, updateRevision: 'db-7c9d8e0f5' },
    });
    expect(statefulSetHealth(partitioned)).toEqual({
      status: 'Progressing',
      message:
        'Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated...',
    });
  });

  it('is Healthy with OnDelete, since pods change only when deleted', () => {
    const onDelete = withPatch(statefulSet, {
      spec: { updateStrategy: { type: 'OnDelete', rollingUpdate: null } },
      status: { updateRevision: 'db-7c9d8e0f5', updatedReplicas: 0 },
    });
    expect(statefulSetHealth(onDelete)).toEqual({
      status: 'Healthy',
      message: 'statefulset has 3 ready pods',
    });
  });

  it('compares revisions when RollingUpdate has no rollingUpdate block', () => {
    const plain = withPatch(statefulSet, {
      spec: { updateStrategy: { rollingUpdate: null } },
      status: { updateRevision: 'db-7c9d8e0f5', updatedReplicas: 1 },
    });
    expect(statefulSetHealth(plain)).toEqual({
      status: 'Progressing',
      message:
        'waiting for statefulset rolling update to complete 1 pods at revision db-7c9d8e0f5...',
    });
    const done = withPatch(plain, {
      status: { currentRevision: 'db-7c9d8e0f5', updatedReplicas: 3 },
    });
    expect(statefulSetHealth(done)).toEqual({
      status: 'Healthy',
      message:
        'statefulset rolling update complete 3 pods at revision db-7c9d8e0f5...',
    });
  });
});

describe('daemonSetHealth', () => {
  it('is Healthy when every node runs an available, updated pod', () => {
    expect(daemonSetHealth(daemonSet)).toEqual({
      status: 'Healthy',
      message: 'daemon set "node-agent" successfully rolled out',
    });
  });

  it('is Progressing while the generation is unobserved', () => {
    const unobserved = withPatch(daemonSet, { metadata: { generation: 2 } });
    expect(daemonSetHealth(unobserved).status).toBe('Progressing');
  });

  it('is Progressing while pods are updated or become available', () => {
    const updating = withPatch(daemonSet, {
      status: { updatedNumberScheduled: 1 },
    });
    expect(daemonSetHealth(updating)).toEqual({
      status: 'Progressing',
      message:
        'Waiting for daemon set "node-agent" rollout to finish: 1 out of 3 new pods have been updated...',
    });
    const starting = withPatch(daemonSet, { status: { numberAvailable: 2 } });
    expect(daemonSetHealth(starting).message).toBe(
      'Waiting for daemon set "node-agent" rollout to finish: 2 of 3 updated pods are available...',
    );
  });

  it('is Healthy with OnDelete even when pods are outdated', () => {
    const onDelete = withPatch(daemonSet, {
      spec: { updateStrategy: { type: 'OnDelete', rollingUpdate: null } },
      status: { updatedNumberScheduled: 0 },
    });
    expect(daemonSetHealth(onDelete)).toEqual({
      status: 'Healthy',
      message: 'daemon set 0 out of 3 new pods have been updated',
    });
  });
});

describe('replicaSetHealth', () => {
  it('is Healthy when all replicas are available', () => {
    expect(replicaSetHealth(replicaSet).status).toBe('Healthy');
  });

  it('is Degraded on ReplicaFailure, with the controller message', () => {
    const quota = withPatch(replicaSet, {
      status: {
        availableReplicas: 1,
        conditions: [
          {
            type: 'ReplicaFailure',
            status: 'True',
            reason: 'FailedCreate',
            message:
              'pods "web-7d9f8c6b5d-abcde" is forbidden: exceeded quota: compute',
          },
        ],
      },
    });
    expect(replicaSetHealth(quota)).toEqual({
      status: 'Degraded',
      message:
        'pods "web-7d9f8c6b5d-abcde" is forbidden: exceeded quota: compute',
    });
  });

  it('is Progressing while replicas are unavailable or unobserved', () => {
    const starting = withPatch(replicaSet, {
      status: { availableReplicas: 2 },
    });
    expect(replicaSetHealth(starting)).toEqual({
      status: 'Progressing',
      message:
        'Waiting for rollout to finish: 2 out of 3 new replicas are available...',
    });
    const unobserved = withPatch(replicaSet, { metadata: { generation: 2 } });
    expect(replicaSetHealth(unobserved).status).toBe('Progressing');
  });
});
