import type { RolloutPhase } from '@slipway/plugin-gitops-common';
import type {
  TrafficTarget,
  TrafficWeights,
  WebhookType,
} from '@slipway/plugin-gitops-node';
import type { RolloutSpec } from '../../spec';
import { webhookChecksum } from '../../webhooks';
import { setPhase } from '../phases';
import type {
  ActiveRollout,
  CheckOutcome,
  TickDeps,
  TickRecorder,
} from '../ports';
import type { RolloutState } from '../types';

/**
 * One tick's view of a rollout: its state, which the tick mutates and the
 * engine persists afterwards, and the ports every side effect goes through.
 * The helpers keep the state in step with what was written (weights, phase).
 */
export class TickContext {
  /** `<target>.<namespace>`, as messages name the rollout. */
  readonly id: string;
  #checksumOf?: { spec?: string; configs: object; value: string };

  constructor(
    readonly rollout: ActiveRollout,
    readonly state: RolloutState,
    readonly deps: TickDeps,
    readonly recorder: TickRecorder,
    readonly signal: AbortSignal,
  ) {
    this.id = `${rollout.target.spec.targetRef.name}.${rollout.target.namespace}`;
  }

  get spec(): RolloutSpec {
    return this.rollout.target.spec;
  }

  get target(): TrafficTarget {
    return this.rollout.target;
  }

  /** The clock's time as stored in the state. */
  now(): string {
    return this.deps.now().toISOString();
  }

  enter(phase: RolloutPhase): void {
    setPhase(this.state, phase, this.now());
  }

  /** Writes the weights; traffic back on the primary also ends mirroring. */
  async route(weights: TrafficWeights): Promise<void> {
    await this.deps.router.setWeights(this.target, weights);
    this.state.canaryWeight = weights.canary;
    if (!weights.mirror && weights.canary === 0) this.state.mirrored = false;
  }

  /** Calls the hooks of a type and records their checks on the run. */
  async hooks(type: WebhookType): Promise<CheckOutcome> {
    const outcome = await this.callHooks(type);
    if (outcome.checks.length) await this.recorder.checks(this.state, outcome);
    return outcome;
  }

  /** Calls the hooks of a type without recording them. */
  callHooks(type: WebhookType): Promise<CheckOutcome> {
    const { state } = this;
    return this.deps.analysis.hooks(
      this.rollout,
      type,
      state.phase || 'Initializing',
      this.#checksum(),
      this.signal,
    );
  }

  /** The webhooks' checksum, hashed again only when the revision it is of changed. */
  #checksum(): string {
    const { lastAppliedSpec: spec, trackedConfigs: configs } = this.state;
    const known = this.#checksumOf;
    if (known && known.spec === spec && known.configs === configs)
      return known.value;
    const value = webhookChecksum(this.state);
    this.#checksumOf = { spec, configs, value };
    return value;
  }

  /**
   * Flagger's alert that a gate holds the run: a warning, unless the hook
   * that refused asks for no alerts (`muteAlert`).
   */
  async gateAlert(
    type: WebhookType,
    hook: string | undefined,
    message: string,
  ) {
    const muted = this.spec.analysis.webhooks.some(
      w => w.type === type && w.name === hook && w.muteAlert,
    );
    if (!muted) await this.alert('warn', message);
  }

  /** A promote request passes the first gate or pause it meets, once. */
  consumePromote(): boolean {
    if (!this.state.requests.promote) return false;
    this.state.requests.promote = false;
    return true;
  }

  async event(
    message: string,
    type: 'Normal' | 'Warning' = 'Normal',
  ): Promise<void> {
    await this.recorder.event(this.state, message, type);
  }

  /**
   * Sends an alert. An alert the rollout's own configuration kept from a
   * destination (an invalid or missing AlertProvider) is recorded as a
   * warning, so its owners see it with the rollout; the status message
   * keeps saying where the rollout stands.
   */
  async alert(
    severity: 'info' | 'warn' | 'error',
    message: string,
  ): Promise<void> {
    const problems = await this.deps.analysis.alert(
      this.rollout,
      severity,
      message,
    );
    if (problems.length === 0) return;
    const status = this.state.message;
    for (const problem of problems) await this.event(problem, 'Warning');
    this.state.message = status;
  }
}
