import { KubernetesObject } from '@slipway/plugin-gitops-node';
import {
  findCondition,
  getAnnotations,
  getArray,
  getConditions,
  getPath,
  getString,
  isRecord,
} from './fields';
import { HealthAssessment } from './types';

const IGNORE_RESTART_POLICY = 'argocd.argoproj.io/ignore-restart-policy';
const ARGO_HOOK = 'argocd.argoproj.io/hook';
const HELM_HOOK = 'helm.sh/hook';
/** Hook types Argo CD knows; other words in its annotation are ignored. */
const ARGO_HOOK_TYPES = ['PreSync', 'Sync', 'PostSync', 'SyncFail', 'Skip'];

/** Waiting reasons that will not fix themselves: ErrImagePull, CreateContainerConfigError, CrashLoopBackOff… */
function isStuckWaitingReason(reason: string): boolean {
  return (
    reason.startsWith('Err') ||
    reason.endsWith('Error') ||
    reason.endsWith('BackOff')
  );
}

/**
 * Whether the pod runs as a sync hook. An Argo CD annotation decides alone:
 * `Skip` as its only known type means "never apply", not a hook. Helm marks
 * CRDs with `crd-install` too, and those are not hooks either.
 */
function isHook(annotations: Record<string, string>): boolean {
  const argoHook = annotations[ARGO_HOOK];
  if (argoHook !== undefined) {
    const types = new Set(
      argoHook
        .split(',')
        .map(type => type.trim())
        .filter(type => ARGO_HOOK_TYPES.includes(type)),
    );
    return !(types.size === 1 && types.has('Skip'));
  }
  const helmHook = annotations[HELM_HOOK];
  return helmHook !== undefined && helmHook !== 'crd-install';
}

/**
 * Whether the pod is judged as a long-running one. Operators sometimes start
 * never-ending pods with restartPolicy Never; the annotation lets them be
 * Healthy once ready. Hooks keep their policy: a hook is done when it is
 * Healthy, so a running one must stay Progressing.
 */
function isLongRunning(obj: KubernetesObject, restartPolicy: string): boolean {
  if (restartPolicy === 'Always') {
    return true;
  }
  const annotations = getAnnotations(obj);
  return annotations[IGNORE_RESTART_POLICY] === 'true' && !isHook(annotations);
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
 * Pod health. Only long-running pods are Degraded for a stuck container:
 * run-to-completion pods are usually hooks, and failing them early on a
 * transient ImagePullBackOff would end the sync prematurely.
 */
export function podHealth(obj: KubernetesObject): HealthAssessment {
  const restartPolicy = getString(obj, 'spec', 'restartPolicy') ?? 'Always';
  const podMessage = getString(obj, 'status', 'message') ?? '';
  const longRunning = isLongRunning(obj, restartPolicy);

  if (longRunning) {
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
      return longRunning
        ? runningPodHealth(obj, podMessage)
        : runningToCompletionHealth(restartPolicy, podMessage);
    default:
      return {
        status: 'Unknown',
        message: podMessage || 'Pod phase is unknown',
      };
  }
}

/** A running OnFailure/Never pod is not done yet; other policies are unknown. */
function runningToCompletionHealth(
  restartPolicy: string,
  podMessage: string,
): HealthAssessment {
  if (restartPolicy === 'OnFailure' || restartPolicy === 'Never') {
    return { status: 'Progressing', message: podMessage || 'Pod is running' };
  }
  return {
    status: 'Unknown',
    message:
      podMessage || `Pod has an unknown restartPolicy "${restartPolicy}"`,
  };
}

/** A running long-running pod: Ready, crashed since it started, or starting. */
function runningPodHealth(
  obj: KubernetesObject,
  podMessage: string,
): HealthAssessment {
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
