import type { KubernetesObject } from '@slipway/plugin-gitops-node';
import type { ArgoPlan } from '../../argo/controller/types';
import {
  POD_TEMPLATE_HASH_LABEL,
  SCALE_DOWN_DEADLINE_ANNOTATION,
  serviceSelectedHash,
  serviceSelectorApply,
  type ReplicaSet,
} from '../../argo/replicas';
import { argoManagedServices } from '../../argo/spec';
import type { RolloutTemplate } from './observe';
import { newReplicaSet, resizedReplicaSet } from './replicaSets';
import type { ActiveArgoRollout, ArgoTickDeps } from './types';

interface ApplyContext {
  template: RolloutTemplate;
  replicaSets: ReplicaSet[];
  deps: ArgoTickDeps;
}

const hashOf = (rs: ReplicaSet) =>
  rs.metadata.labels?.[POD_TEMPLATE_HASH_LABEL] ?? '';

/**
 * Makes the cluster what the plan asks for, in Argo's order: the new
 * ReplicaSet, the sizes, the Services' selectors, then the traffic split
 * and header routes. Writes only what differs from the cluster.
 */
export async function applyPlan(
  rollout: ActiveArgoRollout,
  plan: ArgoPlan,
  { template, replicaSets, deps }: ApplyContext,
): Promise<{ weightVerified?: boolean }> {
  const { cluster } = rollout;
  const { actions, status } = plan;
  const byHash = new Map(replicaSets.map(rs => [hashOf(rs), rs]));
  if (actions.createReplicaSet) {
    const created = await cluster.apply(
      newReplicaSet(
        rollout,
        template,
        actions.createReplicaSet.revision,
        status.stableRS,
      ),
    );
    byHash.set(template.hash, created as ReplicaSet);
  }
  for (const target of actions.replicaSets) {
    const live = byHash.get(target.podTemplateHash);
    if (!live) continue;
    const deadline =
      live.metadata.annotations?.[SCALE_DOWN_DEADLINE_ANNOTATION];
    if (
      live.spec.replicas === target.replicas &&
      deadline === (target.replicas ? target.scaleDownAt : undefined)
    )
      continue;
    await cluster.apply(
      resizedReplicaSet(
        live,
        target.replicas,
        rollout.spec.replicas,
        target.scaleDownAt,
      ),
    );
  }
  await pointServices(rollout, plan);
  return { weightVerified: await route(rollout, plan, deps) };
}

async function pointServices(rollout: ActiveArgoRollout, plan: ArgoPlan) {
  for (const { role, name } of argoManagedServices(rollout.spec)) {
    const hash = plan.actions.serviceSelectors[role];
    if (!hash) continue;
    const ref = {
      apiVersion: 'v1',
      kind: 'Service',
      namespace: rollout.namespace,
      name,
    };
    const live = await rollout.cluster.get(ref);
    if (!live)
      throw new Error(`Service "${name}" not found in ${rollout.namespace}`);
    if (serviceSelectedHash(live) === hash) continue;
    await rollout.cluster.apply(
      serviceSelectorApply(live as KubernetesObject, hash, rollout.rollout),
    );
  }
}

/** The routers' part of the plan; whether they took the weight. */
async function route(
  rollout: ActiveArgoRollout,
  plan: ArgoPlan,
  deps: ArgoTickDeps,
): Promise<boolean | undefined> {
  const { traffic, setHeaderRoute, removeManagedRoutes } = plan.actions;
  if (!traffic && !setHeaderRoute && !removeManagedRoutes) return undefined;
  const { verified } = await deps.traffic.apply(
    rollout,
    {
      ...(traffic ? { canaryWeight: traffic.canaryWeight } : {}),
      ...(setHeaderRoute ? { setHeaderRoute } : {}),
      ...(removeManagedRoutes ? { removeManagedRoutes } : {}),
    },
    {
      canaryHash: traffic?.canaryPodTemplateHash ?? plan.status.currentPodHash,
      stableHash: traffic?.stablePodTemplateHash ?? plan.status.stableRS,
    },
  );
  return verified;
}
