import type {
  AppProject,
  RolloutPhase,
  RolloutRunResult,
} from '@slipway/plugin-gitops-common';
import type {
  TrafficRouter,
  TrafficTarget,
  WebhookType,
} from '@slipway/plugin-gitops-node';
import type { Workloads } from '../workloads/types';
import type { NewRolloutCheck, RolloutState } from './types';

/** A rollout the engine runs: the parsed spec in one app, cluster and namespace. */
export interface ActiveRollout {
  appKey: string;
  /** The rollout document's name. */
  rollout: string;
  /** The app's project: where the rollout may write and call out to. */
  project: AppProject;
  /** Its cluster acts as the project's ServiceAccount inside the project's destinations. */
  target: TrafficTarget;
  /** Rollout-related documents rendered beside it (MetricTemplate, AlertProvider). */
  documents: unknown[];
}

/** A check as a tick measured it, before it is tied to a run. */
export type MeasuredCheck = Omit<
  NewRolloutCheck,
  'runId' | 'canaryWeight' | 'at'
>;

/** The checks of one gate or analysis, and what they add up to. */
export interface CheckOutcome {
  passed: boolean;
  /** Analysis could not decide (a metric without data under `onNoData: inconclusive`). */
  inconclusive?: boolean;
  /** The first failure's message. */
  message?: string;
  /** Name of the first failing hook or metric. */
  failed?: string;
  checks: MeasuredCheck[];
}

/** What the state machine asks of metrics, webhooks and alerts. */
export interface RolloutAnalysis {
  /** Builtin then templated metrics, stopping at the first failure. */
  metrics(
    rollout: ActiveRollout,
    signal: AbortSignal,
    only?: string[],
  ): Promise<CheckOutcome>;
  /** Every webhook of a type, in order, stopping at the first failure; passes when there is none. */
  hooks(
    rollout: ActiveRollout,
    type: WebhookType,
    phase: RolloutPhase,
    checksum: string,
    signal: AbortSignal,
  ): Promise<CheckOutcome>;
  /**
   * Sends an alert to the rollout's alert providers; never throws. Returns
   * what the rollout's events should say about destinations its own
   * configuration kept the alert from (e.g. an invalid AlertProvider);
   * failed deliveries are only logged.
   */
  alert(
    rollout: ActiveRollout,
    severity: 'info' | 'warn' | 'error',
    message: string,
  ): Promise<string[]>;
  /** Posts an event to the rollout's `event` webhooks; never throws. */
  event(
    rollout: ActiveRollout,
    message: string,
    type: 'Normal' | 'Warning',
    phase: RolloutPhase,
  ): Promise<void>;
}

/** Where a tick writes what happened; the engine backs it with the store. */
export interface TickRecorder {
  /**
   * Records an event, also one that repeats the last (each is posted to the
   * `event` hooks); sets `state.message`.
   */
  event(
    state: RolloutState,
    message: string,
    type?: 'Normal' | 'Warning',
  ): Promise<void>;
  checks(state: RolloutState, outcome: CheckOutcome): Promise<void>;
  /** Opens a run of `revision`; returns its id. */
  startRun(state: RolloutState, revision: string): Promise<number>;
  finishRun(
    state: RolloutState,
    result: RolloutRunResult,
    message: string,
  ): Promise<void>;
}

/** Everything a tick works with besides the rollout itself. */
export interface TickDeps {
  workloads: Workloads;
  router: TrafficRouter;
  analysis: RolloutAnalysis;
  now(): Date;
  /**
   * Re-apply the services and routing objects from the spec. The engine asks
   * for it when the spec changed and every few minutes to repair drift, not
   * on every tick: they are the bulk of a tick's API requests.
   */
  reconcileObjects: boolean;
}
