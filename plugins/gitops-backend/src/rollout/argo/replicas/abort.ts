import type { ArgoRolloutSpec } from '../spec';
import { parseScaleDownDeadline, scaleDownDeadline } from './scaleDownDeadline';

export interface AbortState {
  /** `status.abort`. */
  aborted: boolean;
  /** Whether a stable ReplicaSet exists (there is something to fall back to). */
  hasStable: boolean;
  /**
   * Whether the document wrote `abortScaleDownDelaySeconds` (the parsed
   * spec only has the value, default 30). Matters only with
   * `dynamicStableScale`, where an unwritten delay means none: the canary
   * shrinks as traffic leaves it.
   */
  abortDelayWritten?: boolean;
}

/**
 * Argo's `shouldDelayScaleDownOnAbort` (`rollout/replicaset.go`): after an
 * abort the new ReplicaSet waits `abortScaleDownDelaySeconds` before
 * scaling down, for blue-green and traffic-routed canaries with a stable
 * ReplicaSet to fall back to. Not for a basic canary (it rolls back like
 * an update), not with `abortScaleDownDelaySeconds: 0` (the new
 * ReplicaSet stays up for good), not with `dynamicStableScale` unless the
 * delay was written.
 */
export function shouldDelayScaleDownOnAbort(
  spec: ArgoRolloutSpec,
  state: AbortState,
): boolean {
  if (!state.aborted || !state.hasStable) return false;
  const strategy = spec.strategy;
  if (strategy.kind === 'canary' && !strategy.trafficRouting) return false;
  if (strategy.abortScaleDownDelaySeconds === 0) return false;
  if (
    strategy.kind === 'canary' &&
    strategy.dynamicStableScale &&
    !state.abortDelayWritten
  )
    return false;
  return true;
}

export interface AbortedNewReplicaSet {
  /** The new ReplicaSet's replicas from now on; undefined leaves them as they are. */
  replicas?: number;
  /** A `scale-down-deadline` to write on the new ReplicaSet. */
  setScaleDownDeadline?: string;
  /** Seconds until the deadline passes: look again then. */
  recheckAfterSeconds?: number;
  /** Scaling to 0 keeps the deadline annotation (pass to `scaledReplicaSet`). */
  keepScaleDownDeadline: boolean;
}

/**
 * The new ReplicaSet's scale as Argo's `reconcileNewReplicaSet` settles it
 * (`rollout/replicaset.go`), `computed` being the count the strategy's
 * arithmetic gives. When the scale-down is delayed after an abort
 * (`shouldDelayScaleDownOnAbort`): without a deadline it stays as it is,
 * and gets one `abortScaleDownDelaySeconds` ahead once the stable
 * ReplicaSet has all of `spec.replicas` available; with a deadline it
 * stays until the deadline, then goes to 0. An unreadable deadline falls
 * back to `computed`. (Argo 1.8.3 also falls back to `computed` when the
 * deadline is further than its resync period, 15 minutes by default,
 * which cuts long delays short; Slipway waits for the deadline.)
 */
export function abortedNewReplicaSet(
  spec: ArgoRolloutSpec,
  input: AbortState & {
    computed: number;
    scaleDownDeadline?: string;
    stableAvailableReplicas: number;
    now: Date;
  },
): AbortedNewReplicaSet {
  if (!shouldDelayScaleDownOnAbort(spec, input)) {
    return { replicas: input.computed, keepScaleDownDeadline: false };
  }
  if (input.scaleDownDeadline) {
    const deadline = parseScaleDownDeadline(input.scaleDownDeadline);
    if (!deadline) {
      return { replicas: input.computed, keepScaleDownDeadline: true };
    }
    const remaining = (deadline.getTime() - input.now.getTime()) / 1000;
    if (remaining > 0) {
      return { recheckAfterSeconds: remaining, keepScaleDownDeadline: true };
    }
    return { replicas: 0, keepScaleDownDeadline: true };
  }
  const delay = spec.strategy.abortScaleDownDelaySeconds;
  if (input.stableAvailableReplicas === spec.replicas) {
    return {
      setScaleDownDeadline: scaleDownDeadline(input.now, delay),
      recheckAfterSeconds: delay,
      keepScaleDownDeadline: true,
    };
  }
  return { keepScaleDownDeadline: true };
}
