import type { RolloutRunResult } from '@internal/plugin-gitops-common';
import type { TrafficWeights, WebhookType } from '@internal/plugin-gitops-node';
import type { Readiness, Revision } from '../workloads/types';
import { effectiveSteps } from '../spec';
import { webhookChecksum } from '../webhooks';
import { APPROVAL, inRun, promoting, setPhase } from './phases';
import type { ActiveRollout, CheckOutcome, TickDeps } from './ports';
import type { RolloutState } from './types';

/** Where a tick writes what happened; the engine backs it with the store. */
export interface TickRecorder {
  event(state: RolloutState, message: string, type?: 'Normal' | 'Warning'): Promise<void>;
  checks(state: RolloutState, outcome: CheckOutcome): Promise<void>;
  startRun(state: RolloutState, revision: string): Promise<number>;
  finishRun(state: RolloutState, result: RolloutRunResult, message: string): Promise<void>;
}

/**
 * One pass of the analysis loop over one rollout, in Flagger's order, with
 * Argo-style steps and manual requests on top (docs/rollout-engine.md#the-tick). It
 * mutates `state`; the engine persists it afterwards.
 */
export class RolloutTick {
  readonly #id: string;

  constructor(
    private readonly rollout: ActiveRollout,
    private readonly state: RolloutState,
    private readonly deps: TickDeps,
    private readonly recorder: TickRecorder,
    private readonly signal: AbortSignal,
  ) {
    this.#id = `${rollout.target.spec.targetRef.name}.${rollout.target.namespace}`;
  }

  get #spec() {
    return this.rollout.target.spec;
  }

  get #target() {
    return this.rollout.target;
  }

  async run(): Promise<void> {
    const { state } = this;
    if (this.#spec.suspend) {
      state.message = 'skipping canary run as object is suspended';
      return;
    }
    const initializing = state.phase === '' || state.phase === 'Initializing';
    if (initializing || this.deps.reconcileObjects) await this.deps.workloads.ensureServices(this.#target);
    if (initializing) {
      await this.#initialize();
      return;
    }
    if (this.deps.reconcileObjects) await this.deps.router.reconcile(this.#target);
    const revision = await this.deps.workloads.revision(this.#target);
    if (!revision) throw new Error(`${this.#spec.targetRef.kind} ${this.#id} not found`);

    if (!inRun(state)) {
      await this.#maybeStart(revision);
      return;
    }
    if (state.requests.abort) {
      state.requests.abort = false;
      await this.#rollback(`Rolling back ${this.#id} aborted by request`, 'Aborted');
      return;
    }
    if (!promoting(state) && this.#changed(revision)) {
      await this.#restart(revision);
      return;
    }
    if (!(await this.#ready())) return;

    if (this.#spec.skipAnalysis && !promoting(state)) {
      await this.#skipAnalysis();
      return;
    }
    if (state.requests.promoteFull && !promoting(state)) {
      state.requests.promoteFull = false;
      await this.#event(`Promoting ${this.#id} fully by request: remaining steps and analysis skipped`);
      await this.#promote();
      return;
    }
    if (!promoting(state) && (await this.#rollbackHookInvoked())) return;
    if (state.phase === 'Promoting') {
      await this.#promotionStep();
      return;
    }
    if (state.phase === 'Finalising') {
      await this.#finalise();
      return;
    }
    if (state.failedChecks >= this.#spec.analysis.threshold) {
      await this.#rollback(`Rolling back ${this.#id} failed checks threshold reached ${state.failedChecks}`);
      return;
    }
    if (await this.#held()) return;
    if (!(await this.#analyse())) return;
    await this.#advance();
  }

  // ---- initialisation and start -------------------------------------------------

  async #initialize() {
    const { state } = this;
    const { workloads, router } = this.deps;
    if (state.phase === '') {
      setPhase(state, 'Initializing', this.#now());
      await this.#event(`New ${this.#spec.targetRef.kind} detected, starting initialization.`);
    }
    await workloads.ensurePrimary(this.#target);
    const primary = await workloads.primaryReadiness(this.#target);
    if (!primary.ready) {
      const expired = this.#waitExpired();
      if (primary.retriable && !expired) {
        await this.#event(`${primary.message}`);
        return;
      }
      // Nothing to roll back to yet: keep trying, and say why on every tick.
      await this.#event(`Initialization of ${this.#id} is stuck: ${primary.message}`, 'Warning');
      return;
    }
    state.waitingSince = undefined;
    await router.reconcile(this.#target);
    await workloads.scaleTarget(this.#target, 'zero');
    await this.#route({ primary: 100, canary: 0 });
    const revision = await workloads.revision(this.#target);
    state.lastAppliedSpec = revision?.hash;
    state.lastPromotedSpec = revision?.hash;
    state.trackedConfigs = revision?.trackedConfigs ?? {};
    setPhase(state, 'Initialized', this.#now());
    await this.#event(`Initialization done! ${this.#id}`);
    await this.#alert('info', `New ${this.#spec.targetRef.kind} detected, initialization completed.`);
  }

  /**
   * Flagger's hasSpecChanged plus tracked configs: a template hash that is
   * neither the one analysed last nor the one promoted last (a manual revert
   * to the promoted revision starts nothing), or changed ConfigMaps/Secrets.
   */
  #changed(revision: Revision): boolean {
    const { state } = this;
    const configsChanged =
      JSON.stringify(sorted(revision.trackedConfigs)) !== JSON.stringify(sorted(state.trackedConfigs));
    if (configsChanged) return true;
    return revision.hash !== state.lastAppliedSpec && revision.hash !== state.lastPromotedSpec;
  }

  async #maybeStart(revision: Revision) {
    const { state } = this;
    const retry = state.requests.retry === true;
    const awaitingApproval = state.phase === 'Waiting' && state.pause?.reason === APPROVAL;
    state.requests.retry = false;
    if (!retry && !awaitingApproval && !this.#changed(revision)) return;

    // A run starts on the revision live now, also when a gate held an older one.
    state.lastAppliedSpec = revision.hash;
    state.trackedConfigs = revision.trackedConfigs;
    if (!this.#consumePromote()) {
      const gate = await this.#hooks('confirm-rollout');
      if (!gate.passed) {
        if (!awaitingApproval) {
          setPhase(state, 'Waiting', this.#now());
          state.pause = { reason: APPROVAL, startedAt: this.#now() };
          await this.#alert('info', 'Canary is waiting for approval.');
        }
        await this.#event(`Halt ${this.#id} advancement waiting for approval ${gate.failed}`);
        return;
      }
    }
    const promoteFull = state.requests.promoteFull;
    this.#resetRun();
    state.requests.promoteFull = promoteFull;
    setPhase(state, 'Progressing', this.#now());
    state.runId = await this.recorder.startRun(state, revision.hash);
    await this.#event(`New revision detected! Scaling up ${this.#id}`);
    await this.deps.workloads.scaleTarget(this.#target, 'up');
  }

  async #restart(revision: Revision) {
    const { state } = this;
    await this.#route({ primary: 100, canary: 0 });
    await this.recorder.finishRun(state, 'Superseded', `Revision ${revision.hash} replaced it`);
    this.#resetRun();
    state.lastAppliedSpec = revision.hash;
    state.trackedConfigs = revision.trackedConfigs;
    setPhase(state, 'Progressing', this.#now());
    state.runId = await this.recorder.startRun(state, revision.hash);
    await this.#event(`New revision detected! Restarting analysis for ${this.#id}`);
    await this.deps.workloads.scaleTarget(this.#target, 'up');
  }

  #resetRun() {
    const { state } = this;
    state.canaryWeight = 0;
    state.failedChecks = 0;
    state.iterations = 0;
    state.stepIndex = 0;
    state.preRolloutDone = false;
    state.mirrored = false;
    state.pause = undefined;
    state.waitingSince = undefined;
    state.requests = {};
  }

  // ---- readiness ----------------------------------------------------------------

  /** Primary then canary readiness, with a wall-clock deadline on every wait (docs/rollout-engine.md#readiness). */
  async #ready(): Promise<boolean> {
    const { state } = this;
    const primary = await this.deps.workloads.primaryReadiness(this.#target);
    if (!(await this.#accept(primary, true))) return false;
    if (state.phase !== 'Finalising') {
      const canary = await this.deps.workloads.canaryReadiness(this.#target);
      if (!(await this.#accept(canary, false))) return false;
    }
    state.waitingSince = undefined;
    return true;
  }

  async #accept(readiness: Readiness, isPrimary: boolean): Promise<boolean> {
    if (readiness.ready) return true;
    if (readiness.retriable && !this.#waitExpired()) {
      await this.#event(readiness.message ?? 'waiting for the workloads to become ready');
      return false;
    }
    const reason = readiness.retriable
      ? `${readiness.message} (progress deadline of ${this.#spec.progressDeadlineSeconds}s exceeded)`
      : (readiness.message ?? 'not ready');
    if (isPrimary && promoting(this.state)) {
      await this.#failedPromotion(reason);
    } else {
      await this.#rollback(`Rolling back ${this.#id} ${reason}`);
    }
    return false;
  }

  #waitExpired(): boolean {
    const { state } = this;
    state.waitingSince ??= this.#now();
    const waited = this.deps.now().getTime() - Date.parse(state.waitingSince);
    return waited > this.#spec.progressDeadlineSeconds * 1000;
  }

  // ---- gates, holds and checks --------------------------------------------------

  async #rollbackHookInvoked(): Promise<boolean> {
    if (!this.#spec.analysis.webhooks.some(h => h.type === 'rollback')) return false;
    const outcome = await this.deps.analysis.hooks(
      this.rollout, 'rollback', this.#phase(), this.#checksum(), this.signal,
    );
    // A rollback hook asks for a rollback by answering 2xx: an operator's stop switch.
    const invoked = outcome.checks.some(c => c.passed);
    if (!invoked) return false;
    await this.#rollback(`Rolling back ${this.#id} manual webhook invoked`);
    return true;
  }

  /** Manual pause, pause steps and inconclusive analysis hold the run here. */
  async #held(): Promise<boolean> {
    const { state } = this;
    if (state.requests.paused) {
      if (state.pause?.reason !== 'manual pause') {
        state.pause = { reason: 'manual pause', startedAt: this.#now() };
        setPhase(state, 'Waiting', this.#now());
        await this.#event(`Paused ${this.#id} by request`);
      }
      return true;
    }
    if (state.pause?.reason === 'manual pause') {
      state.pause = undefined;
      setPhase(state, 'Progressing', this.#now());
      await this.#event(`Resumed ${this.#id} by request`);
    }
    const pause = state.pause;
    if (!pause) return false;
    const due = pause.until !== undefined && Date.parse(pause.until) <= this.deps.now().getTime();
    if (!due && !this.#consumePromote()) return true;
    state.pause = undefined;
    if (state.phase === 'Waiting') setPhase(state, 'Progressing', this.#now());
    if (pause.reason === 'pause step') state.stepIndex++;
    await this.#event(`Resumed ${this.#id} after ${pause.reason}${due ? '' : ' by promote'}`);
    return false;
  }

  /** Pre-rollout once per run at weight 0, else rollout hooks then metrics. */
  async #analyse(): Promise<boolean> {
    const { state } = this;
    const atStart = state.canaryWeight === 0 && state.iterations === 0 && !state.mirrored;
    // No traffic reaches the canary yet, so there is nothing to measure.
    if (atStart) {
      if (state.preRolloutDone) return true;
      await this.#event(`Starting canary analysis for ${this.#id}`);
      const pre = await this.#hooks('pre-rollout');
      if (!pre.passed) return this.#failCheck(`Halt ${this.#id} advancement pre-rollout check ${pre.failed} failed ${pre.message}`);
      state.preRolloutDone = true;
      return true;
    }
    const hooks = await this.#hooks('rollout');
    if (!hooks.passed) return this.#failCheck(`Halt ${this.#id} advancement external check ${hooks.failed} failed ${hooks.message}`);
    const metrics = await this.deps.analysis.metrics(this.rollout, this.signal);
    await this.recorder.checks(state, metrics);
    if (metrics.passed) return true;
    if (metrics.inconclusive) {
      state.pause = { reason: 'inconclusive analysis', startedAt: this.#now() };
      setPhase(state, 'Waiting', this.#now());
      await this.#event(`${metrics.message}; paused until promoted`, 'Warning');
      return false;
    }
    return this.#failCheck(metrics.message ?? `Halt ${this.#id} advancement: metric ${metrics.failed} failed`);
  }

  async #failCheck(message: string): Promise<false> {
    this.state.failedChecks++;
    await this.#event(message, 'Warning');
    return false;
  }

  // ---- advancing by strategy ----------------------------------------------------

  async #advance() {
    switch (this.#spec.strategy) {
      case 'blueGreen':
      case 'mirroring':
        return this.#advanceBlueGreen();
      case 'abTesting':
        return this.#advanceAbTesting();
      default:
        return this.#advanceSteps();
    }
  }

  async #advanceSteps() {
    const { state } = this;
    const { analysis } = this.#spec;
    const steps = effectiveSteps(this.#spec);
    // Mirroring canary: one tick of mirrored traffic before the first shift, so metrics see real requests first.
    if (analysis.mirror && this.#spec.strategy === 'canary' && state.canaryWeight === 0 && !state.mirrored) {
      await this.#route({ primary: 100, canary: 0, mirror: true });
      state.mirrored = true;
      await this.#event(`Running mirror step ${state.stepIndex}/${steps.length}/true`);
      return;
    }
    const step = steps[state.stepIndex];
    if (!step) {
      await this.#promoteIfConfirmed();
      return;
    }
    switch (step.kind) {
      case 'setWeight': {
        if (step.weight > state.canaryWeight && !(await this.#trafficIncreaseConfirmed())) return;
        await this.#route({ primary: 100 - step.weight, canary: step.weight });
        state.stepIndex++;
        await this.#event(`Advance ${this.#id} canary weight ${step.weight}`);
        return;
      }
      case 'pause': {
        const now = this.deps.now();
        state.pause = {
          reason: 'pause step',
          startedAt: now.toISOString(),
          until: step.durationMs === undefined ? undefined : new Date(now.getTime() + step.durationMs).toISOString(),
        };
        setPhase(state, 'Waiting', now.toISOString());
        await this.#event(
          step.durationMs === undefined
            ? `Paused ${this.#id} at step ${state.stepIndex + 1}: waiting for a manual promote`
            : `Paused ${this.#id} at step ${state.stepIndex + 1} until ${state.pause.until}`,
        );
        return;
      }
      case 'setCanaryScale': {
        // Replicas follow the primary; scaling the canary separately is not supported yet.
        state.stepIndex++;
        await this.#event(`Step ${state.stepIndex} setCanaryScale of ${this.#id} skipped: the canary keeps the primary's replicas`, 'Warning');
        return;
      }
      case 'analysis': {
        const names = step.templates.map(t => t.templateName);
        const outcome = await this.deps.analysis.metrics(this.rollout, this.signal, names);
        await this.recorder.checks(state, outcome);
        if (outcome.passed) {
          state.stepIndex++;
          await this.#event(`Step-based analysis of ${this.#id} passed`);
        } else if (outcome.inconclusive) {
          state.pause = { reason: 'inconclusive analysis', startedAt: this.#now() };
          setPhase(state, 'Waiting', this.#now());
          await this.#event(`Step-based analysis of ${this.#id} inconclusive: ${outcome.message}; paused until promoted`, 'Warning');
        } else {
          await this.#rollback(`Step-based analysis phase failed: ${outcome.message}`);
        }
        return;
      }
      default:
        throw new Error(`unknown step ${JSON.stringify(step satisfies never)}`);
    }
  }

  async #advanceBlueGreen() {
    const { state } = this;
    const { iterations, mirror } = this.#spec.analysis;
    if (iterations > state.iterations) {
      if (mirror && state.iterations === 0 && !state.mirrored) {
        await this.#route({ primary: 100, canary: 0, mirror: true });
        state.mirrored = true;
        await this.#event('Start traffic mirroring');
      }
      state.iterations++;
      await this.#event(`Advance ${this.#id} canary iteration ${state.iterations}/${iterations}`);
      return;
    }
    if (iterations === state.iterations) {
      if (!(await this.#promotionConfirmed())) return;
      await this.#route({ primary: 0, canary: 100 });
      await this.#event('Routing all traffic to canary');
      state.iterations++;
      return;
    }
    await this.#promote();
  }

  async #advanceAbTesting() {
    const { state } = this;
    const { iterations } = this.#spec.analysis;
    if (iterations > state.iterations) {
      // Only requests matching `match` reach the canary; the router knows.
      await this.#route({ primary: 0, canary: 100 });
      state.iterations++;
      await this.#event(`Advance ${this.#id} canary iteration ${state.iterations}/${iterations}`);
      return;
    }
    await this.#promoteIfConfirmed();
  }

  async #trafficIncreaseConfirmed(): Promise<boolean> {
    if (this.state.mirrored && this.state.canaryWeight === 0 && this.#spec.analysis.mirror) return true;
    if (this.#consumePromote()) return true;
    const gate = await this.#hooks('confirm-traffic-increase');
    if (gate.passed) return true;
    await this.#event(`Halt ${this.#id} advancement waiting for traffic increase approval ${gate.failed}`);
    await this.#alert('info', 'Canary is waiting for traffic increase approval.');
    return false;
  }

  async #promotionConfirmed(): Promise<boolean> {
    const { state } = this;
    if (this.#consumePromote()) return true;
    const gate = await this.#hooks('confirm-promotion');
    if (gate.passed) {
      if (state.phase === 'WaitingPromotion') setPhase(state, 'Progressing', this.#now());
      return true;
    }
    if (state.phase !== 'WaitingPromotion') {
      setPhase(state, 'WaitingPromotion', this.#now());
      await this.#alert('info', 'Canary is waiting for promotion approval.');
    }
    await this.#event(`Halt ${this.#id} advancement waiting for promotion approval ${gate.failed}`);
    return false;
  }

  async #promoteIfConfirmed() {
    if (await this.#promotionConfirmed()) await this.#promote();
  }

  // ---- promotion, rollback ------------------------------------------------------

  async #promote() {
    const { state } = this;
    const { name } = this.#spec.targetRef;
    const ns = this.#target.namespace;
    await this.#event(`Copying ${name}.${ns} template spec to ${name}-primary.${ns}`);
    await this.deps.workloads.promote(this.#target);
    state.pause = undefined;
    setPhase(state, 'Promoting', this.#now());
  }

  /** Primary updated and ready: move traffic back to it (docs/rollout-engine.md#promotion). */
  async #promotionStep() {
    const { state } = this;
    const step = this.#spec.analysis.stepWeightPromotion;
    const current = await this.deps.router.getWeights(this.#target);
    if (step <= 0 || this.#spec.provider === 'kubernetes' || this.#spec.strategy !== 'canary') {
      await this.#route({ primary: 100, canary: 0 });
      await this.#event('Routing all traffic to primary');
      setPhase(state, 'Finalising', this.#now());
      return;
    }
    const primary = Math.min(100, current.primary + step);
    await this.#route({ primary, canary: 100 - primary });
    await this.#event(`Advance ${this.#id} primary weight ${primary}`);
    if (primary >= 100) setPhase(state, 'Finalising', this.#now());
  }

  async #finalise() {
    const { state } = this;
    await this.deps.workloads.scaleTarget(this.#target, 'zero');
    setPhase(state, 'Succeeded', this.#now());
    state.lastPromotedSpec = state.lastAppliedSpec;
    await this.#hooks('post-rollout');
    await this.#event(`Promotion completed! Scaling down ${this.#id}`);
    await this.#alert('info', 'Canary analysis completed successfully, promotion finished.');
    await this.recorder.finishRun(state, 'Succeeded', 'Promotion completed');
  }

  async #skipAnalysis() {
    const { state } = this;
    const { name } = this.#spec.targetRef;
    const ns = this.#target.namespace;
    await this.#route({ primary: 100, canary: 0 });
    await this.#event(`Copying ${name}.${ns} template spec to ${name}-primary.${ns}`);
    await this.deps.workloads.promote(this.#target);
    await this.deps.workloads.scaleTarget(this.#target, 'zero');
    setPhase(state, 'Succeeded', this.#now());
    state.lastPromotedSpec = state.lastAppliedSpec;
    await this.#hooks('post-rollout');
    await this.#event(`Promotion completed! Canary analysis was skipped for ${this.#id}`);
    await this.recorder.finishRun(state, 'Succeeded', 'Canary analysis was skipped');
  }

  async #rollback(reason: string, result: RolloutRunResult = 'Failed') {
    const { state } = this;
    await this.#event(reason, 'Warning');
    await this.#alert('error', reason);
    await this.#route({ primary: 100, canary: 0 });
    await this.#event(`Canary failed! Scaling down ${this.#id}`, 'Warning');
    await this.deps.workloads.scaleTarget(this.#target, 'zero');
    setPhase(state, 'Failed', this.#now());
    state.failedChecks = 0;
    state.pause = undefined;
    state.waitingSince = undefined;
    state.requests = {};
    await this.#hooks('post-rollout');
    await this.recorder.finishRun(state, result, reason);
  }

  /** The primary did not become ready: keep serving from the canary, which passed (docs/rollout-engine.md#promotion). */
  async #failedPromotion(reason: string) {
    const { state } = this;
    const message = `Promotion of ${this.#id} failed, primary not ready: ${reason}`;
    await this.#event(message, 'Warning');
    await this.#alert('error', message);
    await this.#route({ primary: 0, canary: 100 });
    setPhase(state, 'Failed', this.#now());
    state.canaryWeight = 100;
    state.waitingSince = undefined;
    await this.#hooks('post-rollout');
    await this.recorder.finishRun(state, 'Failed', message);
  }

  // ---- helpers ------------------------------------------------------------------

  async #route(weights: TrafficWeights) {
    await this.deps.router.setWeights(this.#target, weights);
    this.state.canaryWeight = weights.canary;
    if (!weights.mirror && weights.canary === 0) this.state.mirrored = false;
  }

  async #hooks(type: WebhookType): Promise<CheckOutcome> {
    const outcome = await this.deps.analysis.hooks(
      this.rollout, type, this.#phase(), this.#checksum(), this.signal,
    );
    if (outcome.checks.length) await this.recorder.checks(this.state, outcome);
    return outcome;
  }

  /** A promote request passes the first gate or pause it meets, once. */
  #consumePromote(): boolean {
    if (!this.state.requests.promote) return false;
    this.state.requests.promote = false;
    return true;
  }

  #phase() {
    return this.state.phase || 'Initializing';
  }

  #checksum() {
    return webhookChecksum(this.state);
  }

  #now() {
    return this.deps.now().toISOString();
  }

  async #event(message: string, type: 'Normal' | 'Warning' = 'Normal') {
    await this.recorder.event(this.state, message, type);
  }

  async #alert(severity: 'info' | 'warn' | 'error', message: string) {
    await this.deps.analysis.alert(this.rollout, severity, message);
  }
}

function sorted(record: Record<string, string>): Array<[string, string]> {
  return Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
}
