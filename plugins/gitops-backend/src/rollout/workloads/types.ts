import type { TrafficTarget } from '@slipway/plugin-gitops-node';

/** One rollout's workloads: the target (canary) and `<target>-primary`, in one namespace. */
export type RolloutTarget = TrafficTarget;

/** Whether a workload serves; `retriable` false means it will not get there by waiting. */
export interface Readiness {
  ready: boolean;
  retriable: boolean;
  /** Flagger's wording, e.g. `waiting for rollout to finish: 1 out of 2 new replicas have been updated`. */
  message?: string;
}

/** What identifies a canary revision (docs/rollout-engine.md#revisions). */
export interface Revision {
  /** FNV-32a (hex) of the target's `spec.template`. */
  hash: string;
  /** `configmap/<name>` | `secret/<name>` → first 8 bytes of sha256 (hex) of its data. */
  trackedConfigs: Record<string, string>;
}

/**
 * The Kubernetes side of a rollout besides routing: the primary workload and
 * its config copies, the three services, autoscalers, scaling, readiness and
 * promotion. Every write goes through `target.cluster` (the rollout engine's
 * field manager).
 */
export interface Workloads {
  /** The target's current revision; undefined when the target does not exist. */
  revision(target: RolloutTarget): Promise<Revision | undefined>;
  /** `<svc>` and `<svc>-primary` select the primary's pods, `<svc>-canary` the target's. */
  ensureServices(target: RolloutTarget): Promise<void>;
  /**
   * Creates `<target>-primary` from the target when missing, with copies of
   * the ConfigMaps/Secrets it references and `<hpa>-primary`; an existing
   * primary's pod spec is left alone (only `promote` changes it).
   */
  ensurePrimary(target: RolloutTarget): Promise<void>;
  primaryReadiness(target: RolloutTarget): Promise<Readiness>;
  canaryReadiness(target: RolloutTarget): Promise<Readiness>;
  /** `zero` scales the target to 0; `up` to the primary's replicas (or the HPA's minimum, or 1). */
  scaleTarget(target: RolloutTarget, to: 'zero' | 'up'): Promise<void>;
  /** Copies the target's pod spec, configs and rollout fields to the primary, forcing its rollout. */
  promote(target: RolloutTarget): Promise<void>;
}
