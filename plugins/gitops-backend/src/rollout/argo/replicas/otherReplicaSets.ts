import type { ArgoRolloutSpec } from '../spec';
import { maxUnavailable } from './fenceposts';
import { byCreation, byRevisionDescending } from './revision';
import {
  scaleDownDelayRevisionLimit,
  scaleDownDelaySeconds,
  scaleDownDelayStep,
} from './scaleDownDeadline';
import type { ObservedReplicaSet } from './types';

/** A change to one old ReplicaSet. */
export interface ReplicaSetScaleChange {
  name: string;
  /** Its replicas from now on (may equal the current ones when only the deadline is new). */
  replicas: number;
  /** A `scale-down-deadline` to write. */
  setScaleDownDeadline?: string;
}

/** What to do with the rollout's other ReplicaSets (neither the new nor the stable one). */
export interface OtherReplicaSetsPlan {
  changes: ReplicaSetScaleChange[];
  /** Seconds until the nearest scale-down deadline: reconcile again then. */
  recheckAfterSeconds?: number;
}

class PlanBuilder {
  private readonly changes = new Map<string, ReplicaSetScaleChange>();
  private recheckAfter: number | undefined;

  scale(name: string, replicas: number) {
    const change = this.changes.get(name);
    this.changes.set(name, { ...change, name, replicas });
  }

  delay(name: string, replicas: number, deadline: string | undefined) {
    if (deadline === undefined) return;
    this.changes.set(name, { name, replicas, setScaleDownDeadline: deadline });
  }

  recheck(seconds: number | undefined) {
    if (seconds === undefined) return;
    this.recheckAfter =
      this.recheckAfter === undefined
        ? seconds
        : Math.min(this.recheckAfter, seconds);
  }

  result(): OtherReplicaSetsPlan {
    const plan: OtherReplicaSetsPlan = { changes: [...this.changes.values()] };
    if (this.recheckAfter !== undefined)
      plan.recheckAfterSeconds = this.recheckAfter;
    return plan;
  }
}

export interface CanaryOtherReplicaSetsInput {
  /** The other ReplicaSets, those with no pods included or not. */
  others: readonly ObservedReplicaSet[];
  /** Available pods of all the rollout's ReplicaSets: new, stable and others. */
  availableReplicas: number;
  /**
   * Hashes something still sends traffic to: `status.stableRS`,
   * `status.currentPodHash`, the blue-green selectors, the hashes in
   * `status.canary.weights`, and the hash each managed Service selects
   * (Argo's `isReplicaSetReferenced`). Such a ReplicaSet is never scaled
   * down.
   */
  referencedHashes: ReadonlySet<string>;
  /** `status.stableRS === status.currentPodHash`. */
  fullyPromoted: boolean;
  now: Date;
}

/**
 * Argo's `scaleDownOldReplicaSetsForCanary` (`rollout/canary.go`):
 *
 * 1. every old ReplicaSet with unavailable pods is first scaled to its
 *    available pods (`cleanupUnhealthyReplicas`, oldest first);
 * 2. then, newest revision first, up to `available - (spec.replicas -
 *    maxUnavailable)` pods are removed: a basic canary removes them
 *    outright (its old pods take traffic); with traffic routing a
 *    referenced ReplicaSet is skipped, a ReplicaSet in the middle of an
 *    update (neither stable nor canary, no deadline) goes to 0, and once
 *    fully promoted (or already carrying a deadline) the previous stable
 *    waits out `scaleDownDelaySeconds` at its current size, at most
 *    `scaleDownDelayRevisionLimit` of them; with `dynamicStableScale` it
 *    goes to 0 at once.
 */
export function canaryOtherReplicaSets(
  spec: ArgoRolloutSpec,
  input: CanaryOtherReplicaSetsInput,
): OtherReplicaSetsPlan {
  const strategy = spec.strategy;
  if (strategy.kind !== 'canary') return { changes: [] };
  const plan = new PlanBuilder();
  const active = input.others.filter(rs => rs.replicas > 0);
  const current = new Map(active.map(rs => [rs.name, rs.replicas]));

  for (const rs of [...active].sort(byCreation)) {
    if (rs.replicas === rs.availableReplicas) continue;
    // Argo refuses to "clean up" to more pods than asked for, and stops there.
    if (rs.availableReplicas > rs.replicas) return plan.result();
    plan.scale(rs.name, rs.availableReplicas);
    current.set(rs.name, rs.availableReplicas);
  }

  let maxScaleDown =
    input.availableReplicas - (spec.replicas - maxUnavailable(spec));
  if (maxScaleDown <= 0) return plan.result();

  const routed = strategy.trafficRouting !== undefined;
  const delay = {
    now: input.now,
    delaySeconds: scaleDownDelaySeconds(spec),
    revisionLimit: scaleDownDelayRevisionLimit(spec),
  };
  let delayed = 0;
  for (const rs of [...active].sort(byRevisionDescending)) {
    if (routed && input.referencedHashes.has(rs.hash)) continue;
    if (maxScaleDown <= 0) break;
    const replicas = current.get(rs.name)!;
    if (replicas === 0) continue;
    let desired = 0;
    if (!routed) {
      desired = replicas > maxScaleDown ? replicas - maxScaleDown : 0;
    } else if (input.fullyPromoted || rs.scaleDownDeadline) {
      if (!strategy.dynamicStableScale) {
        const step = scaleDownDelayStep({ ...rs, replicas }, delayed, {
          ...delay,
          keepReplicas: replicas,
        });
        delayed = step.delayed;
        desired = step.replicas;
        plan.delay(rs.name, step.replicas, step.setDeadline);
        plan.recheck(step.recheckAfterSeconds);
      }
    }
    if (desired === replicas) continue;
    plan.scale(rs.name, desired);
    maxScaleDown -= replicas - desired;
  }
  return plan.result();
}

export interface BlueGreenOtherReplicaSetsInput {
  others: readonly ObservedReplicaSet[];
  /** As for a canary (`CanaryOtherReplicaSetsInput.referencedHashes`). */
  referencedHashes: ReadonlySet<string>;
  /**
   * Argo scales nothing down while paused on an inconclusive analysis, nor
   * while `postPromotionAnalysis` runs and `scaleDownDelaySeconds` was not
   * written in the document.
   */
  hold?: boolean;
  now: Date;
}

/**
 * Argo's `scaleDownOldReplicaSetsForBlueGreen` (`rollout/bluegreen.go`):
 * newest revision first, skipping referenced ReplicaSets, each old
 * ReplicaSet with pods gets a deadline `scaleDownDelaySeconds` ahead and
 * stays at `spec.replicas` until it passes, at most
 * `scaleDownDelayRevisionLimit` of them; the rest go to 0.
 */
export function blueGreenOtherReplicaSets(
  spec: ArgoRolloutSpec,
  input: BlueGreenOtherReplicaSetsInput,
): OtherReplicaSetsPlan {
  const plan = new PlanBuilder();
  if (spec.strategy.kind !== 'blueGreen' || input.hold) return plan.result();
  const options = {
    now: input.now,
    delaySeconds: scaleDownDelaySeconds(spec),
    revisionLimit: scaleDownDelayRevisionLimit(spec),
    keepReplicas: spec.replicas,
  };
  let delayed = 0;
  for (const rs of [...input.others].sort(byRevisionDescending)) {
    if (input.referencedHashes.has(rs.hash)) continue;
    if (rs.replicas === 0) continue;
    const step = scaleDownDelayStep(rs, delayed, options);
    delayed = step.delayed;
    plan.delay(rs.name, step.replicas, step.setDeadline);
    plan.recheck(step.recheckAfterSeconds);
    if (step.replicas !== rs.replicas) plan.scale(rs.name, step.replicas);
  }
  return plan.result();
}
