import { KubernetesObject } from '@internal/plugin-gitops-node';
import {
  findCondition,
  getArray,
  getConditions,
  getPath,
  getString,
  isRecord,
} from './fields';
import { HealthAssessment } from './types';

const IGNORE_RESTART_POLICY = 'argocd.argoproj.io/ignore-restart-policy';
const HOOK_ANNOTATIONS = ['argocd.argoproj.io/hook', 'helm.sh/hook'];

/** Waiting reasons that will not fix themselves: ErrImagePull, CreateContainerConfigError, CrashLoopBackOff… */
function isStuckWaitingReason(reason: string): boolean {
  return (
    reason.startsWith('Err') ||
    reason.endsWith('Error') ||
    reason.endsWith('BackOff')
  );
}

function isHook(obj: KubernetesObject): boolean {
  const annotations = obj.metadata.annotations ?? {};
  return HOOK_ANNOTATIONS.some(key => key in annotations);
}

function containerStatuses(obj: KubernetesObject, field: string) {
  return getArray(obj, 'status', field).filter(isRecord);
}

/** Why a container of a failed pod stopped, as Argo CD reports it. */
function terminationMessage(status: Record<string, unknown>): string {
  const terminated = getPath(status, 'state', 'terminated');
  if (!isRecord(terminated)) {
    return '';
  }
  if (typeof terminated.message === 'string' && terminated.message) {
    return terminated.message;
  }
  if (terminated.reason === 'OOMKilled') {
    return 'OOMKilled';
  }
  if (typeof terminated.exitCode === 'number' && terminated.exitCode !== 0) {
    return `container "${status.name}" failed with exit code ${terminated.exitCode}`;
  }
  return '';
}

/**
 * Pod health. Only long-running pods (restartPolicy Always) are Degraded for a
 * stuck container: run-to-completion pods are usually hooks, and failing them
 * early on a transient ImagePullBackOff would end the sync prematurely.
 */
export function podHealth(obj: KubernetesObject): HealthAssessment {
  const restartPolicy = getString(obj, 'spec', 'restartPolicy') ?? 'Always';
  const podMessage = getString(obj, 'status', 'message') ?? '';
  const treatAsAlways =
    restartPolicy === 'Always' ||
    (!isHook(obj) &&
      obj.metadata.annotations?.[IGNORE_RESTART_POLICY] === 'true');

  if (treatAsAlways) {
    const stuck = containerStatuses(obj, 'containerStatuses').flatMap(s => {
      const waiting = getPath(s, 'state', 'waiting');
      const reason = getString(waiting, 'reason');
      return reason && isStuckWaitingReason(reason)
        ? [getString(waiting, 'message') || `${s.name}: ${reason}`]
        : [];
    });
    if (stuck.length > 0) {
      return { status: 'Degraded', message: stuck.join(', ') };
    }
  }

  switch (getString(obj, 'status', 'phase')) {
    case 'Pending': {
      const scheduled = findCondition(getConditions(obj), 'PodScheduled');
      const unscheduled =
        scheduled?.status === 'False' ? scheduled.message : undefined;
      return {
        status: 'Progressing',
        message: podMessage || unscheduled || 'Pod is pending',
      };
    }
    case 'Succeeded':
      return {
        status: 'Healthy',
        message: podMessage || 'Pod completed successfully',
      };
    case 'Failed': {
      if (podMessage) {
        return { status: 'Degraded', message: podMessage };
      }
      const statuses = [
        ...containerStatuses(obj, 'initContainerStatuses'),
        ...containerStatuses(obj, 'containerStatuses'),
      ];
      const reason = statuses.map(terminationMessage).find(m => m !== '');
      return { status: 'Degraded', message: reason || 'Pod failed' };
    }
    case 'Running':
      return runningPodHealth(obj, restartPolicy, podMessage);
    default:
      return {
        status: 'Unknown',
        message: podMessage || 'Pod phase is unknown',
      };
  }
}

function runningPodHealth(
  obj: KubernetesObject,
  restartPolicy: string,
  podMessage: string,
): HealthAssessment {
  if (restartPolicy !== 'Always') {
    // OnFailure/Never pods run to completion: running is not yet done.
    return { status: 'Progressing', message: podMessage || 'Pod is running' };
  }
  if (findCondition(getConditions(obj), 'Ready')?.status === 'True') {
    return {
      status: 'Healthy',
      message: podMessage || 'Pod is running and ready',
    };
  }
  const restarted = containerStatuses(obj, 'containerStatuses').find(s =>
    isRecord(getPath(s, 'lastState', 'terminated')),
  );
  if (restarted) {
    return {
      status: 'Degraded',
      message:
        podMessage ||
        `container "${restarted.name}" terminated and the pod is not ready`,
    };
  }
  return {
    status: 'Progressing',
    message: podMessage || 'Waiting for the pod to become ready',
  };
}
