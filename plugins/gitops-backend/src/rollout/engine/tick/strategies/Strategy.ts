import type { TrafficWeights } from '@slipway/plugin-gitops-node';
import type { RolloutSpec } from '../../../spec';
import type { RolloutState } from '../../types';

/**
 * What a run does next once this tick's analysis passed. A strategy only
 * decides; the tick carries the move out through the ports (`advance.ts`).
 */
export type Move =
  /** One tick of mirrored traffic at weight 0 before the first shift. */
  | { kind: 'mirror'; step: number; steps: number }
  /** Route `weight` % to the canary and go to the next step; `confirm`: through `confirm-traffic-increase`. */
  | { kind: 'setWeight'; weight: number; confirm: boolean }
  /** Hold in `Waiting`, for a duration or until promoted. */
  | { kind: 'pause'; durationMs?: number }
  /** A step the engine accepts but does not act on. */
  | { kind: 'skipCanaryScale' }
  /** Run the named metrics once: pass → next step, fail → roll back. */
  | { kind: 'stepAnalysis'; templates: string[] }
  /** Count one more passed iteration, after routing `route` and turning on mirroring when asked. */
  | {
      kind: 'iterate';
      total: number;
      route?: TrafficWeights;
      startMirroring: boolean;
    }
  /** Blue/green: all traffic to the canary, through `confirm-promotion`. */
  | { kind: 'switchToCanary' }
  /** Copy the canary to the primary; `confirm`: through `confirm-promotion` first. */
  | { kind: 'promote'; confirm: boolean };

/** One way of moving traffic to a canary (docs/rollout-engine.md#strategies). */
export interface Strategy {
  /** The next move from the state and the spec alone. */
  next(state: Readonly<RolloutState>, spec: RolloutSpec): Move;
  /** Whether promotion hands traffic back by `stepWeightPromotion` per tick rather than at once. */
  readonly stepwisePromotion: boolean;
}
