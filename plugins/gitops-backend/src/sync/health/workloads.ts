import { KubernetesObject } from '@slipway/plugin-gitops-node';
import {
  findCondition,
  getConditions,
  getCount,
  getGeneration,
  getName,
  getOptionalNumber,
  getString,
} from './fields';
import { HealthAssessment } from './types';

/*
 * Rollout checks for apps workloads, after kubectl's `rollout status` as Argo CD
 * uses them. Messages keep Argo CD's
 * wording so people can search for them.
 */

/** Deployment: paused → Suspended, deadline exceeded → Degraded, rollout → Progressing. */
export function deploymentHealth(obj: KubernetesObject): HealthAssessment {
  if (obj.spec && (obj.spec as { paused?: unknown }).paused === true) {
    return { status: 'Suspended', message: 'Deployment is paused' };
  }
  if (getGeneration(obj) > getCount(obj, 'status', 'observedGeneration')) {
    return {
      status: 'Progressing',
      message:
        'Waiting for rollout to finish: observed deployment generation less than desired generation',
    };
  }
  const progressing = findCondition(getConditions(obj), 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return {
      status: 'Degraded',
      message: `Deployment "${getName(obj)}" exceeded its progress deadline`,
    };
  }
  const desired = getOptionalNumber(obj, 'spec', 'replicas');
  const replicas = getCount(obj, 'status', 'replicas');
  const updated = getCount(obj, 'status', 'updatedReplicas');
  const available = getCount(obj, 'status', 'availableReplicas');
  if (desired !== undefined && updated < desired) {
    return {
      status: 'Progressing',
      message: `Waiting for rollout to finish: ${updated} out of ${desired} new replicas have been updated...`,
    };
  }
  if (replicas > updated) {
    return {
      status: 'Progressing',
      message: `Waiting for rollout to finish: ${
        replicas - updated
      } old replicas are pending termination...`,
    };
  }
  if (available < updated) {
    return {
      status: 'Progressing',
      message: `Waiting for rollout to finish: ${available} of ${updated} updated replicas are available...`,
    };
  }
  return {
    status: 'Healthy',
    message: `Deployment "${getName(obj)}" successfully rolled out`,
  };
}

/** StatefulSet: ready pods, then partition or revision progress. */
export function statefulSetHealth(obj: KubernetesObject): HealthAssessment {
  const observed = getCount(obj, 'status', 'observedGeneration');
  if (observed === 0 || getGeneration(obj) > observed) {
    return {
      status: 'Progressing',
      message: 'Waiting for statefulset spec update to be observed...',
    };
  }
  const desired = getOptionalNumber(obj, 'spec', 'replicas');
  const ready = getCount(obj, 'status', 'readyReplicas');
  const updated = getCount(obj, 'status', 'updatedReplicas');
  if (desired !== undefined && ready < desired) {
    return {
      status: 'Progressing',
      message: `Waiting for ${desired - ready} pods to be ready...`,
    };
  }
  const strategy = getString(obj, 'spec', 'updateStrategy', 'type');
  const rollingUpdate = (
    obj.spec as { updateStrategy?: { rollingUpdate?: unknown } } | undefined
  )?.updateStrategy?.rollingUpdate;
  if (strategy === 'RollingUpdate' && rollingUpdate) {
    const partition = getOptionalNumber(
      obj,
      'spec',
      'updateStrategy',
      'rollingUpdate',
      'partition',
    );
    if (
      desired !== undefined &&
      partition !== undefined &&
      updated < desired - partition
    ) {
      return {
        status: 'Progressing',
        message: `Waiting for partitioned roll out to finish: ${updated} out of ${
          desired - partition
        } new pods have been updated...`,
      };
    }
    return {
      status: 'Healthy',
      message: `partitioned roll out complete: ${updated} new pods have been updated...`,
    };
  }
  if (strategy === 'OnDelete') {
    return {
      status: 'Healthy',
      message: `statefulset has ${ready} ready pods`,
    };
  }
  const updateRevision = getString(obj, 'status', 'updateRevision');
  const currentRevision = getString(obj, 'status', 'currentRevision');
  if (updateRevision !== currentRevision) {
    return {
      status: 'Progressing',
      message: `waiting for statefulset rolling update to complete ${updated} pods at revision ${updateRevision}...`,
    };
  }
  return {
    status: 'Healthy',
    message: `statefulset rolling update complete ${getCount(
      obj,
      'status',
      'currentReplicas',
    )} pods at revision ${currentRevision}...`,
  };
}

/** DaemonSet: every scheduled node runs an updated, available pod. */
export function daemonSetHealth(obj: KubernetesObject): HealthAssessment {
  if (getGeneration(obj) > getCount(obj, 'status', 'observedGeneration')) {
    return {
      status: 'Progressing',
      message:
        'Waiting for rollout to finish: observed daemon set generation less than desired generation',
    };
  }
  const name = getName(obj);
  const desired = getCount(obj, 'status', 'desiredNumberScheduled');
  const updated = getCount(obj, 'status', 'updatedNumberScheduled');
  const available = getCount(obj, 'status', 'numberAvailable');
  if (getString(obj, 'spec', 'updateStrategy', 'type') === 'OnDelete') {
    // Pods are replaced only when someone deletes them: nothing to wait for.
    return {
      status: 'Healthy',
      message: `daemon set ${updated} out of ${desired} new pods have been updated`,
    };
  }
  if (updated < desired) {
    return {
      status: 'Progressing',
      message: `Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...`,
    };
  }
  if (available < desired) {
    return {
      status: 'Progressing',
      message: `Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...`,
    };
  }
  return {
    status: 'Healthy',
    message: `daemon set "${name}" successfully rolled out`,
  };
}

/** ReplicaSet: a ReplicaFailure condition outranks missing replicas. */
export function replicaSetHealth(obj: KubernetesObject): HealthAssessment {
  if (getGeneration(obj) > getCount(obj, 'status', 'observedGeneration')) {
    return {
      status: 'Progressing',
      message:
        'Waiting for rollout to finish: observed replica set generation less than desired generation',
    };
  }
  const failure = findCondition(getConditions(obj), 'ReplicaFailure');
  if (failure?.status === 'True') {
    return {
      status: 'Degraded',
      message: failure.message || failure.reason || 'ReplicaSet failed',
    };
  }
  const desired = getOptionalNumber(obj, 'spec', 'replicas');
  const available = getCount(obj, 'status', 'availableReplicas');
  if (desired !== undefined && available < desired) {
    return {
      status: 'Progressing',
      message: `Waiting for rollout to finish: ${available} out of ${desired} new replicas are available...`,
    };
  }
  return {
    status: 'Healthy',
    message: `${available} of ${desired ?? available} replicas are available`,
  };
}
