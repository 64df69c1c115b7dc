import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { apiGroup, getArray, getPath } from './fields';
import { BUILT_IN_HEALTH_CHECKS } from './registry';
import { kstatusHealth } from './kstatus';
import { HealthAssessment } from './types';

export type { HealthAssessment, HealthCheck } from './types';
export type { ChildHealth } from './aggregate';
export type { KstatusResult, KstatusStatus } from './kstatus';
export { aggregateHealth } from './aggregate';
export { computeKstatus } from './kstatus';
export { HEALTH_ORDER, isWorseHealth } from './order';
export { BUILT_IN_HEALTH_CHECKS } from './registry';

/** Hook finalizer: a hook being deleted still reports its own outcome. */
const HOOK_FINALIZER = 'argocd.argoproj.io/hook-finalizer';

/**
 * Health of one object (gitops-engine `GetResourceHealth`): undefined → Missing;
 * being deleted → Progressing; else the kind's built-in rule; else kstatus.
 * Never throws: a rule that cannot read the object yields Unknown.
 */
export function assessHealth(
  obj: KubernetesObject | undefined | null,
): HealthAssessment {
  if (!obj) {
    return {
      status: 'Missing',
      message: 'Resource does not exist in the cluster',
    };
  }
  const hasHookFinalizer = getArray(obj, 'metadata', 'finalizers').includes(
    HOOK_FINALIZER,
  );
  if (getPath(obj, 'metadata', 'deletionTimestamp') && !hasHookFinalizer) {
    return { status: 'Progressing', message: 'Pending deletion' };
  }
  const check =
    BUILT_IN_HEALTH_CHECKS[`${apiGroup(obj.apiVersion)}/${obj.kind}`] ??
    kstatusHealth;
  try {
    return check(obj);
  } catch (error) {
    return {
      status: 'Unknown',
      message: `Health check for ${obj.kind} failed: ${
        error instanceof Error ? error.message : String(error)
      }`,
    };
  }
}
