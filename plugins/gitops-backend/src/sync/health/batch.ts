import { KubernetesObject } from '@slipway/plugin-gitops-node';
import {
  findCondition,
  getArray,
  getConditions,
  getCount,
  getPath,
  getString,
} from './fields';
import { HealthAssessment } from './types';

/** Job: Failed → Degraded, Complete → Healthy, Suspended → Suspended, else running. */
export function jobHealth(obj: KubernetesObject): HealthAssessment {
  const conditions = getConditions(obj);
  const failed = findCondition(conditions, 'Failed');
  if (failed?.status === 'True') {
    return {
      status: 'Degraded',
      message: failed.message || failed.reason || 'Job failed',
    };
  }
  const complete = findCondition(conditions, 'Complete');
  if (complete?.status === 'True') {
    return {
      status: 'Healthy',
      message: complete.message || 'Job completed successfully',
    };
  }
  const suspended = findCondition(conditions, 'Suspended');
  if (suspended?.status === 'True') {
    return {
      status: 'Suspended',
      message: suspended.message || 'Job suspended',
    };
  }
  const active = getCount(obj, 'status', 'active');
  const succeeded = getCount(obj, 'status', 'succeeded');
  const failedPods = getCount(obj, 'status', 'failed');
  return {
    status: 'Progressing',
    message: `Job is running: ${active} active, ${succeeded} succeeded, ${failedPods} failed`,
  };
}

/**
 * CronJob (Argo CD's batch/CronJob Lua check). A suspended CronJob is Healthy:
 * pausing a schedule is a choice, not a fault (argo-cd #24428).
 */
export function cronJobHealth(obj: KubernetesObject): HealthAssessment {
  if (getPath(obj, 'spec', 'suspend') === true) {
    return { status: 'Healthy', message: 'CronJob is suspended' };
  }
  if (obj.status === undefined) {
    return { status: 'Progressing', message: 'Waiting for CronJob' };
  }
  const lastSchedule = getString(obj, 'status', 'lastScheduleTime');
  if (!lastSchedule) {
    return { status: 'Healthy', message: 'CronJob has not been scheduled yet' };
  }
  const lastSuccess = getString(obj, 'status', 'lastSuccessfulTime');
  if (!lastSuccess) {
    // Never succeeded, but it may simply not have finished its first run.
    return {
      status: 'Healthy',
      message:
        'The CronJob never completed successfully. It may not be healthy',
    };
  }
  if (getArray(obj, 'status', 'active').length > 0) {
    return {
      status: 'Healthy',
      message:
        'The job is running. Its last execution may not have been successful',
    };
  }
  if (Date.parse(lastSuccess) < Date.parse(lastSchedule)) {
    return {
      status: 'Degraded',
      message: 'CronJob has not completed its last execution successfully',
    };
  }
  return {
    status: 'Healthy',
    message: 'CronJob has completed its last execution successfully',
  };
}
