import { KubernetesObject } from '@slipway/plugin-gitops-node';
import {
  getConditions,
  getGeneration,
  getOptionalNumber,
  getPath,
} from './fields';
import { HealthAssessment } from './types';

/** kstatus results (cli-utils pkg/kstatus/status). */
export type KstatusStatus =
  | 'InProgress'
  | 'Failed'
  | 'Current'
  | 'Terminating'
  | 'NotFound'
  | 'Unknown';

export interface KstatusResult {
  status: KstatusStatus;
  message: string;
}

/**
 * kstatus `Compute()` generic rules, used for kinds without a built-in check.
 * `Reconciling` and `Stalled` are abnormal-true conditions; absence of any
 * signal counts as Current (a known weakness: an unwritten status looks done).
 */
export function computeKstatus(obj: KubernetesObject): KstatusResult {
  if (getPath(obj, 'metadata', 'deletionTimestamp')) {
    return {
      status: 'Terminating',
      message: 'Resource scheduled for deletion',
    };
  }
  const observed = getOptionalNumber(obj, 'status', 'observedGeneration');
  const generation = getGeneration(obj);
  // Only objects whose controller reports observedGeneration can be judged on it.
  if (observed !== undefined && observed !== generation) {
    return {
      status: 'InProgress',
      message: `${obj.kind} generation is ${generation}, but latest observed generation is ${observed}`,
    };
  }
  const conditions = getConditions(obj);
  for (const condition of conditions) {
    if (condition.type === 'Reconciling' && condition.status === 'True') {
      return {
        status: 'InProgress',
        message: condition.message || condition.reason || 'Reconciling',
      };
    }
    if (condition.type === 'Stalled' && condition.status === 'True') {
      return {
        status: 'Failed',
        message: condition.message || condition.reason || 'Stalled',
      };
    }
  }
  const ready = conditions.find(c => c.type === 'Ready');
  if (ready?.status === 'True') {
    return { status: 'Current', message: ready.message || 'Resource is Ready' };
  }
  if (ready) {
    return {
      status: 'InProgress',
      message: ready.message || ready.reason || 'Resource is not Ready',
    };
  }
  return { status: 'Current', message: 'Resource is current' };
}

const KSTATUS_TO_HEALTH = {
  Current: 'Healthy',
  InProgress: 'Progressing',
  Failed: 'Degraded',
  Terminating: 'Progressing',
  NotFound: 'Missing',
  Unknown: 'Unknown',
} as const;

/** Health of a custom resource from kstatus; `spec.suspend: true` is Suspended. */
export function kstatusHealth(obj: KubernetesObject): HealthAssessment {
  const result = computeKstatus(obj);
  if (
    result.status !== 'Terminating' &&
    getPath(obj, 'spec', 'suspend') === true
  ) {
    return { status: 'Suspended', message: `${obj.kind} is suspended` };
  }
  return {
    status: KSTATUS_TO_HEALTH[result.status],
    message:
      result.status === 'Terminating' ? 'Pending deletion' : result.message,
  };
}
