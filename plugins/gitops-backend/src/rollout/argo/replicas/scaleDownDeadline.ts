import type { ArgoRolloutSpec } from '../spec';

/**
 * The `scale-down-deadline` value Argo's `addScaleDownDelay`
 * (`rollout/replicaset.go`) writes: now plus the delay, in UTC, as Go's
 * `time.RFC3339` formats it (whole seconds, truncated; `Z`).
 */
export function scaleDownDeadline(now: Date, delaySeconds: number): string {
  const at = new Date(now.getTime() + delaySeconds * 1000);
  return at.toISOString().replace(/\.\d+Z$/, 'Z');
}

const RFC3339 =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** A `scale-down-deadline` value read back (any RFC 3339 time); undefined when it is not one. */
export function parseScaleDownDeadline(value: string): Date | undefined {
  if (!RFC3339.test(value)) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time);
}

/**
 * Seconds before a ReplicaSet that lost its traffic is scaled down
 * (`GetScaleDownDelaySecondsOrDefault`): blue-green's
 * `scaleDownDelaySeconds` (default 30), a traffic-routed canary's (default
 * 30); 0 for a basic canary, whose old pods serve traffic until removed.
 */
export function scaleDownDelaySeconds(spec: ArgoRolloutSpec): number {
  const strategy = spec.strategy;
  if (strategy.kind === 'canary' && !strategy.trafficRouting) return 0;
  return strategy.scaleDownDelaySeconds;
}

/** `scaleDownDelayRevisionLimit`: how many old ReplicaSets may wait out their delay at once; unlimited when unset (`GetScaleDownRevisionLimit`). */
export function scaleDownDelayRevisionLimit(spec: ArgoRolloutSpec): number {
  return spec.strategy.scaleDownDelayRevisionLimit ?? Infinity;
}

/** One old ReplicaSet's outcome under the scale-down delay. */
export interface DelayedScaleDown {
  /** Its replicas from now on. */
  replicas: number;
  /** A `scale-down-deadline` to write (the ReplicaSet had none). */
  setDeadline?: string;
  /** Seconds until its deadline passes: look again then. */
  recheckAfterSeconds?: number;
  /** The count of delayed ReplicaSets so far, this one included when delayed. */
  delayed: number;
}

export interface ScaleDownDelayOptions {
  now: Date;
  delaySeconds: number;
  revisionLimit: number;
  /** The replicas a ReplicaSet keeps while its deadline has not passed. */
  keepReplicas: number;
}

/**
 * Argo's `scaleDownDelayHelper` (`rollout/replicaset.go`) for one old
 * ReplicaSet, visited newest revision first with `delayed` counting the
 * ones before it that are waiting out their delay:
 *
 * - scaled up without a deadline: gets one (now + delay) and keeps its
 *   replicas, unless `scaleDownDelayRevisionLimit` ReplicaSets already
 *   wait; then it goes to 0;
 * - with a deadline: counts as waiting; past the limit, or once the
 *   deadline has passed (or cannot be read), it goes to 0; before it,
 *   it keeps `keepReplicas` (blue-green: `spec.replicas`; a canary: its
 *   current replicas).
 *
 * A delay of 0 scales down at once. (Argo 1.8.3 then writes no deadline
 * and keeps the ReplicaSet up for good; Slipway does what the field says.)
 */
export function scaleDownDelayStep(
  rs: { replicas: number; scaleDownDeadline?: string },
  delayed: number,
  options: ScaleDownDelayOptions,
): DelayedScaleDown {
  const hasDeadline = !!rs.scaleDownDeadline;
  if (!hasDeadline && rs.replicas > 0) {
    if (delayed < options.revisionLimit && options.delaySeconds > 0) {
      return {
        replicas: rs.replicas,
        setDeadline: scaleDownDeadline(options.now, options.delaySeconds),
        recheckAfterSeconds: options.delaySeconds,
        delayed: delayed + 1,
      };
    }
    return { replicas: 0, delayed };
  }
  if (hasDeadline) {
    const count = delayed + 1;
    if (count > options.revisionLimit) return { replicas: 0, delayed: count };
    const deadline = parseScaleDownDeadline(rs.scaleDownDeadline!);
    const remaining = deadline
      ? (deadline.getTime() - options.now.getTime()) / 1000
      : 0;
    if (remaining > 0) {
      return {
        replicas: options.keepReplicas,
        recheckAfterSeconds: remaining,
        delayed: count,
      };
    }
    return { replicas: 0, delayed: count };
  }
  return { replicas: 0, delayed };
}
