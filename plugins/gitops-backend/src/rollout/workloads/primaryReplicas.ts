import { ROLLOUT_FIELD_MANAGER } from '../../kube/fieldManagers';
import type { Deployment } from '../../kube/kubeTypes';
import { getDeployment, workloadNames } from './targetWorkload';
import type { RolloutTarget } from './types';

interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  fieldsV1?: { 'f:spec'?: { 'f:replicas'?: unknown } };
}

/** Whether the rollout engine's last apply of the Deployment set spec.replicas (and no one changed it since). */
function appliesReplicas(deployment: Deployment): boolean {
  const entries = (deployment.metadata.managedFields ??
    []) as ManagedFieldsEntry[];
  return entries.some(
    entry =>
      entry.manager === ROLLOUT_FIELD_MANAGER &&
      entry.operation === 'Apply' &&
      entry.fieldsV1?.['f:spec']?.['f:replicas'] !== undefined,
  );
}

/**
 * The replicas to apply to the primary. Without an autoscaler: the target's
 * as its manifest declares them (else as it runs), or 1 when that is zero. With one the autoscaler decides and
 * none are sent, except while an earlier apply (before the autoscaler was
 * added) still owns them: dropping them then would reset the primary to the
 * default of 1 replica until the autoscaler's next sync. Once the autoscaler
 * changes the count it owns the field, and the next promotion lets it go.
 */
export async function primaryReplicas(
  target: RolloutTarget,
  source: Deployment,
): Promise<number | undefined> {
  if (!target.spec.autoscalerRef) {
    const replicas = target.spec.targetReplicas ?? source.spec.replicas;
    return replicas && replicas > 0 ? replicas : 1;
  }
  const primary = await getDeployment(target, workloadNames(target).primary);
  return primary && appliesReplicas(primary)
    ? primary.spec.replicas
    : undefined;
}
