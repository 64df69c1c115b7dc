/** Rollout conditions, kept the way Argo keeps them (`utils/conditions/conditions.go`). */
import type {
  ArgoRolloutCondition,
  ArgoRolloutConditionType,
  ArgoRolloutStatus,
} from './types';

export function newCondition(
  type: ArgoRolloutConditionType,
  status: ArgoRolloutCondition['status'],
  reason: string,
  message: string,
  now: string,
): ArgoRolloutCondition {
  return {
    type,
    status,
    reason,
    message,
    lastUpdateTime: now,
    lastTransitionTime: now,
  };
}

export function getCondition(
  status: Pick<ArgoRolloutStatus, 'conditions'>,
  type: ArgoRolloutConditionType,
): ArgoRolloutCondition | undefined {
  return status.conditions.find(c => c.type === type);
}

/**
 * `SetRolloutCondition`: replaces the condition of that type unless it
 * already has the same status and reason (then nothing changes, message
 * included). Keeps the transition time while the status stays. Returns
 * whether it changed anything.
 */
export function setCondition(
  status: Pick<ArgoRolloutStatus, 'conditions'>,
  condition: ArgoRolloutCondition,
): boolean {
  const current = getCondition(status, condition.type);
  if (
    current &&
    current.status === condition.status &&
    current.reason === condition.reason
  ) {
    return false;
  }
  const next = { ...condition };
  if (current && current.status === condition.status) {
    next.lastTransitionTime = current.lastTransitionTime;
  }
  status.conditions = [
    ...status.conditions.filter(c => c.type !== condition.type),
    next,
  ];
  return true;
}

export function removeCondition(
  status: Pick<ArgoRolloutStatus, 'conditions'>,
  type: ArgoRolloutConditionType,
): void {
  status.conditions = status.conditions.filter(c => c.type !== type);
}
