/**
 * A canary's traffic split through its router (Argo v1.8.3,
 * `rollout/trafficrouting.go`: `reconcileTrafficRouting`,
 * `calculateDesiredWeightOnAbortOrStableRollback`,
 * `calculateWeightStatus`, `trafficWeightUpdatedMessage`;
 * `rollout/canary.go`: `isDynamicallyRollingBackToStable`).
 */
import {
  currentCanaryStep,
  currentSetWeight,
  maxTrafficWeight,
} from '../replicas';
import { atDesiredCanaryCounts } from './canaryReplicaSets';
import { messages, reasons } from './messages';
import { scaleState } from './replicaInputs';
import { ensureServiceTargets } from './services';
import { isFullyPromoted } from './status';
import { canaryOf, previousSetWeight, stepCount } from './steps';
import { recordEvent, type TickContext } from './tickContext';
import type { ArgoRolloutStatus, ArgoTrafficWeights } from './types';

/**
 * With `dynamicStableScale`, going back to the stable template mid-update
 * moves traffic back only as fast as the stable scales up. Returns the
 * hash the traffic is still weighted to, if that is happening.
 */
export function dynamicRollbackHash(ctx: TickContext): string | undefined {
  const canary = canaryOf(ctx.spec);
  if (!canary?.trafficRouting || !canary.dynamicStableScale) return undefined;
  if (!isFullyPromoted(ctx.prev)) return undefined;
  const weighted = ctx.prev.canary.weights?.canary.podTemplateHash;
  if (weighted === undefined || weighted === ctx.newHash) return undefined;
  return ctx.newRS.availableReplicas < ctx.spec.replicas ? weighted : undefined;
}

/** The canary weight while aborting or rolling back: 0 at once, or as the stable can take it. */
function abortWeight(ctx: TickContext): number {
  const canary = canaryOf(ctx.spec)!;
  if (!canary.dynamicStableScale) return 0;
  const max = maxTrafficWeight(ctx.spec);
  const stableAvailable = ctx.stableRS?.availableReplicas ?? 0;
  let weight = Math.max(
    0,
    max - Math.trunc((max * stableAvailable) / ctx.spec.replicas),
  );
  const current = ctx.prev.canary.weights?.canary.weight;
  if (current !== undefined) weight = Math.min(weight, current);
  return weight;
}

function weightUpdatedMessage(
  prev: ArgoTrafficWeights | undefined,
  next: ArgoTrafficWeights,
): string {
  if (!prev) return messages.trafficWeightUpdated(`to ${next.canary.weight}`);
  if (prev.canary.weight !== next.canary.weight) {
    return messages.trafficWeightUpdated(
      `from ${prev.canary.weight} to ${next.canary.weight}`,
    );
  }
  return messages.trafficWeightUpdated('');
}

/**
 * The weight for the canary: the step's `setWeight` once the canary has
 * its pods (the previous step's until then), everything after the last
 * step, nothing once promoted or aborted or while the canary has no pod
 * available. Sets the router, the header route of a `setHeaderRoute`
 * step, and `status.canary.weights`.
 */
export function reconcileTrafficRouting(
  ctx: TickContext,
  next: ArgoRolloutStatus,
): void {
  const canary = canaryOf(ctx.spec)!;
  if (!canary.trafficRouting) {
    delete next.canary.weights;
    return;
  }
  const prev = ctx.prev;
  const max = maxTrafficWeight(ctx.spec);
  const { step, index } = currentCanaryStep(ctx.spec, prev);
  const stableHash = ctx.stableRS?.podTemplateHash ?? '';
  let canaryHash = ctx.newHash;
  let weight = 0;

  const rollingBackTo = dynamicRollbackHash(ctx);
  if (rollingBackTo !== undefined) {
    weight = abortWeight(ctx);
    canaryHash = rollingBackTo;
  } else if (isFullyPromoted(prev)) {
    ctx.actions.removeManagedRoutes = true;
  } else if (ctx.pause.isAborted()) {
    weight = abortWeight(ctx);
    if (!canary.dynamicStableScale || weight === 0) {
      ensureServiceTargets(ctx, 'canary', ctx.stableRS, false);
    }
    ctx.actions.removeManagedRoutes = true;
  } else if (ctx.newRS.availableReplicas === 0) {
    ctx.actions.removeManagedRoutes = true;
  } else if (prev.promoteFull) {
    if (canary.dynamicStableScale) {
      weight = Math.trunc(
        (max * ctx.newRS.availableReplicas) / ctx.spec.replicas,
      );
    } else {
      weight = prev.canary.weights?.canary.weight ?? 0;
    }
    ctx.actions.removeManagedRoutes = true;
  } else if (index !== undefined) {
    if (!atDesiredCanaryCounts(ctx, undefined)) {
      weight = previousSetWeight(ctx.spec, index);
    } else if (index !== stepCount(ctx.spec)) {
      weight = currentSetWeight(ctx.spec, scaleState(prev));
    } else {
      weight = max;
    }
  }

  // The stable must be able to take the rest of the traffic.
  const stable = ctx.stableRS;
  if (
    !stable ||
    stable.availableReplicas <
      Math.trunc(((max - weight) * ctx.spec.replicas) / 100)
  ) {
    return;
  }
  if (step?.setHeaderRoute && prev.revision > 1) {
    ctx.actions.setHeaderRoute = step.setHeaderRoute;
  }
  ctx.actions.traffic = {
    canaryWeight: weight,
    stableWeight: max - weight,
    canaryPodTemplateHash: canaryHash,
    stablePodTemplateHash: stableHash,
  };
  const weights: ArgoTrafficWeights = {
    canary: {
      weight,
      podTemplateHash: canaryHash,
      ...(canary.canaryService ? { serviceName: canary.canaryService } : {}),
    },
    stable: {
      weight: max - weight,
      podTemplateHash: stableHash,
      ...(canary.stableService ? { serviceName: canary.stableService } : {}),
    },
  };
  const old = prev.canary.weights;
  const modified =
    !old ||
    old.canary.weight !== weights.canary.weight ||
    old.canary.podTemplateHash !== weights.canary.podTemplateHash ||
    old.stable.weight !== weights.stable.weight ||
    old.stable.podTemplateHash !== weights.stable.podTemplateHash;
  if (modified) {
    recordEvent(
      ctx,
      reasons.trafficWeightUpdated,
      weightUpdatedMessage(old, weights),
    );
  } else {
    weights.canary = old.canary;
    weights.stable = old.stable;
  }
  if (ctx.obs.weightVerified !== undefined) {
    weights.verified = ctx.obs.weightVerified;
  }
  next.canary.weights = weights;
}
