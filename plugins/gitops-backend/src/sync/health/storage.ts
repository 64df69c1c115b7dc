import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { getString } from './fields';
import { HealthAssessment } from './types';

/** PersistentVolumeClaim by phase: Bound, Pending (waiting for a volume), Lost. */
export function persistentVolumeClaimHealth(
  obj: KubernetesObject,
): HealthAssessment {
  const phase = getString(obj, 'status', 'phase');
  const volume = getString(obj, 'spec', 'volumeName');
  switch (phase) {
    case 'Bound':
      return {
        status: 'Healthy',
        message: volume ? `Bound to volume ${volume}` : 'Bound',
      };
    case 'Pending':
      return {
        status: 'Progressing',
        message: 'Waiting for a volume to be provisioned or bound',
      };
    case 'Lost':
      return {
        status: 'Degraded',
        message: volume
          ? `The bound volume ${volume} no longer exists`
          : 'The bound volume no longer exists',
      };
    default:
      return {
        status: 'Unknown',
        message: phase ? `Unknown phase ${phase}` : 'No phase reported yet',
      };
  }
}
