/**
 * The ReplicaSet sizes a reconcile asks for (`actions.replicaSets`), with
 * the scale-down deadline the status keeps for each.
 */
import type { TickContext } from './tickContext';
import type {
  ArgoReplicaSetObservation,
  ArgoReplicaSetRole,
  ArgoRolloutStatus,
} from './types';

/** Ask for a size (Argo's `scaleReplicaSetAndRecordEvent`); says whether it differs from the ReplicaSet's. */
export function setTarget(
  ctx: TickContext,
  next: ArgoRolloutStatus,
  rs: ArgoReplicaSetObservation,
  role: ArgoReplicaSetRole,
  replicas: number,
): boolean {
  const deadline = next.scaleDownDeadlines[rs.podTemplateHash];
  const existing = ctx.actions.replicaSets.findIndex(
    t => t.podTemplateHash === rs.podTemplateHash,
  );
  const target = {
    podTemplateHash: rs.podTemplateHash,
    role,
    replicas,
    ...(deadline !== undefined ? { scaleDownAt: deadline } : {}),
  };
  if (existing >= 0) ctx.actions.replicaSets[existing] = target;
  else ctx.actions.replicaSets.push(target);
  return rs.replicas !== replicas;
}
