import type { KubernetesObject } from '@slipway/plugin-gitops-node';
import { ROLLOUT_FIELD_MANAGER } from '../../../kube/fieldManagers';
import { fieldsOwnedBy } from '../../../kube/managedFields';
import type { OwnerReference } from '../replicas/types';
import type { ArgoTrafficContext } from './types';

interface LiveOwnerReference {
  uid?: string;
  controller?: boolean;
}

/** The owner references of an object a router creates: the Rollout's, when known. */
export const ownerReferencesOf = (
  ctx: Pick<ArgoTrafficContext, 'owner'>,
): { ownerReferences?: OwnerReference[] } =>
  ctx.owner ? { ownerReferences: [ctx.owner] } : {};

/**
 * Argo's `metav1.IsControlledBy` for an object a router creates and will
 * not take from anyone else: with the Rollout's reference known, the
 * object's controller must be it; without it, the object has no
 * controller and the rollout engine's field manager owns fields in it.
 */
export function isControlledByRollout(
  live: KubernetesObject,
  ctx: Pick<ArgoTrafficContext, 'owner'>,
): boolean {
  const references = (live.metadata.ownerReferences ??
    []) as LiveOwnerReference[];
  const controller = references.find(ref => ref.controller);
  if (controller) return !!ctx.owner && controller.uid === ctx.owner.uid;
  return fieldsOwnedBy(live, [ROLLOUT_FIELD_MANAGER]).length > 0;
}
