/**
 * Which AnalysisRuns a rollout starts, waits on and terminates, and what
 * their outcome does to it (Argo v1.8.3, `rollout/analysis.go`): a failed
 * or errored run aborts the update, an inconclusive one pauses it.
 */
import { currentCanaryStep, isSaturated } from '../replicas';
import type { RolloutAnalysis } from '../spec/types';
import { messages } from './messages';
import { isCompleted } from './phase';
import { getPauseCondition, isFullyPromoted } from './status';
import { beforeStartingStep, canaryOf } from './steps';
import {
  hasScaleDownDeadline,
  isRollbackWithinWindow,
  recordEvent,
  type TickContext,
} from './tickContext';
import type {
  ArgoAnalysisPhase,
  ArgoAnalysisRunKind,
  ArgoRolloutAnalysisRunStatus,
  ArgoRolloutStatus,
} from './types';

/** A run the rollout waits on, with its phase as observed now. */
export interface CurrentRun {
  name: string;
  phase: ArgoAnalysisPhase | '';
  message?: string;
  stepIndex?: number;
}

export interface CurrentRuns {
  step?: CurrentRun;
  background?: CurrentRun;
  prePromotion?: CurrentRun;
  postPromotion?: CurrentRun;
}

const typeLabels: Record<ArgoAnalysisRunKind, string> = {
  step: 'Step',
  background: 'Background',
  prePromotion: 'PrePromotion',
  postPromotion: 'PostPromotion',
};

const infixes: Record<ArgoAnalysisRunKind, string> = {
  step: '',
  background: '',
  prePromotion: 'pre',
  postPromotion: 'post',
};

/** The run a recorded status names, as observed; one not observed yet was just created. */
function observe(
  ctx: TickContext,
  recorded: ArgoRolloutAnalysisRunStatus | undefined,
): CurrentRun | undefined {
  if (!recorded) return undefined;
  const seen = ctx.obs.analysisRuns[recorded.name];
  return {
    name: recorded.name,
    phase: seen ? seen.phase : recorded.status,
    message: seen ? seen.message : recorded.message,
    stepIndex: recorded.stepIndex,
  };
}

/** The runs the status names, as `FilterCurrentRolloutAnalysisRuns` finds them. */
export function currentRunsOf(ctx: TickContext): CurrentRuns {
  const { canary, blueGreen } = ctx.prev;
  return {
    step: observe(ctx, canary.currentStepAnalysisRunStatus),
    background: observe(ctx, canary.currentBackgroundAnalysisRunStatus),
    prePromotion: observe(ctx, blueGreen.prePromotionAnalysisRunStatus),
    postPromotion: observe(ctx, blueGreen.postPromotionAnalysisRunStatus),
  };
}

/** `cancelAnalysisRuns`: terminate the runs that are still going. */
export function terminateRuns(
  ctx: TickContext,
  runs: (CurrentRun | undefined)[],
): void {
  for (const run of runs) {
    if (!run || isCompleted(run.phase)) continue;
    if (!ctx.actions.terminateAnalysisRuns.includes(run.name)) {
      ctx.actions.terminateAnalysisRuns.push(run.name);
    }
  }
}

/**
 * `needsNewAnalysisRun`: none yet; the last one was inconclusive and the
 * user resumed the rollout; or the rollout was aborted and retried.
 */
function needsNewRun(ctx: TickContext, current?: CurrentRun): boolean {
  if (!current) return true;
  const prev = ctx.prev;
  if (
    prev.controllerPause &&
    !getPauseCondition(prev, 'CanaryPauseStep') &&
    !getPauseCondition(prev, 'BlueGreenPause')
  ) {
    return current.phase === 'Inconclusive';
  }
  return prev.abortedAt !== undefined;
}

/**
 * `createAnalysisRun`: named `<rollout>-<hash>-<revision>[-<infix>]`; a
 * completed run of that name gets `.1`, `.2`… (`CreateWithCollisionCounter`),
 * a running one of that name is taken as ours.
 */
function startRun(
  ctx: TickContext,
  kind: ArgoAnalysisRunKind,
  analysis: RolloutAnalysis,
  stepIndex?: number,
): CurrentRun {
  const infix = kind === 'step' ? String(stepIndex) : infixes[kind];
  const base = [
    ctx.spec.source.name,
    ctx.newHash,
    String(ctx.prev.revision),
    ...(infix ? [infix] : []),
  ].join('-');
  let name = base;
  for (let n = 1; ; n++) {
    const existing = ctx.obs.analysisRuns[name];
    if (!existing) break;
    if (!isCompleted(existing.phase)) {
      return {
        name,
        phase: existing.phase,
        message: existing.message,
        stepIndex,
      };
    }
    name = `${base}.${n}`;
  }
  const labels: Record<string, string> = {
    'rollouts-pod-template-hash': ctx.newHash,
    'rollout-type': typeLabels[kind],
    ...(kind === 'step' ? { 'step-index': String(stepIndex) } : {}),
    ...analysis.analysisRunMetadata.labels,
    ...(ctx.spec.selector?.matchLabels ?? {}),
  };
  ctx.actions.startAnalysisRuns.push({
    name,
    kind,
    ...(stepIndex !== undefined ? { stepIndex } : {}),
    analysis,
    podTemplateHash: ctx.newHash,
    stablePodTemplateHash: ctx.stableRS?.podTemplateHash ?? '',
    revision: ctx.prev.revision,
    labels,
  });
  return { name, phase: '', stepIndex };
}

/** A finished run's verdict: inconclusive pauses, failed or errored aborts. */
function judge(ctx: TickContext, run: CurrentRun | undefined): void {
  if (!run) return;
  if (run.phase === 'Inconclusive') {
    ctx.pause.addPauseCondition('InconclusiveAnalysisRun');
  } else if (run.phase === 'Failed' || run.phase === 'Error') {
    ctx.pause.addAbort(run.message ?? '');
  }
}

function reconcileStepRun(
  ctx: TickContext,
  current?: CurrentRun,
): CurrentRun | undefined {
  const { step, index } = currentCanaryStep(ctx.spec, ctx.prev);
  if (ctx.prev.pauseConditions.length > 0 || ctx.prev.abort) return current;
  const fromPreviousStep =
    step?.analysis !== undefined &&
    current !== undefined &&
    current.stepIndex !== index;
  if (!step?.analysis || index === undefined || fromPreviousStep) {
    terminateRuns(ctx, [current]);
    return undefined;
  }
  if (needsNewRun(ctx, current)) {
    return startRun(ctx, 'step', step.analysis, index);
  }
  judge(ctx, current);
  return current;
}

function reconcileBackgroundRun(
  ctx: TickContext,
  current?: CurrentRun,
): CurrentRun | undefined {
  const analysis = canaryOf(ctx.spec)?.analysis;
  if (!analysis) {
    terminateRuns(ctx, [current]);
    return undefined;
  }
  const prev = ctx.prev;
  if (
    isFullyPromoted(prev) ||
    prev.stableRS === '' ||
    prev.currentPodHash === '' ||
    beforeStartingStep(ctx.spec, prev)
  ) {
    return undefined;
  }
  if (getPauseCondition(prev, 'InconclusiveAnalysisRun')) return current;
  if (needsNewRun(ctx, current)) {
    return startRun(ctx, 'background', analysis);
  }
  judge(ctx, current);
  return current;
}

/** The preview is at its full (or `previewReplicaCount`) size and available. */
function previewSaturated(ctx: TickContext): boolean {
  if (ctx.spec.strategy.kind !== 'blueGreen') return false;
  const preview = ctx.spec.strategy.previewReplicaCount;
  const rs = ctx.newRS;
  if (preview !== undefined) {
    return rs.replicas === preview && rs.availableReplicas === preview;
  }
  return isSaturated(ctx.spec, rs);
}

function reconcilePrePromotionRun(
  ctx: TickContext,
  current?: CurrentRun,
): CurrentRun | undefined {
  if (ctx.spec.strategy.kind !== 'blueGreen') return undefined;
  const analysis = ctx.spec.strategy.prePromotionAnalysis;
  if (!analysis) {
    terminateRuns(ctx, [current]);
    return undefined;
  }
  const prev = ctx.prev;
  const active = prev.blueGreen.activeSelector;
  const skip =
    prev.stableRS === ctx.newHash ||
    active === '' ||
    active === ctx.newHash ||
    !previewSaturated(ctx);
  if (skip) {
    terminateRuns(ctx, [current]);
    return current;
  }
  if (getPauseCondition(prev, 'InconclusiveAnalysisRun')) return current;
  if (needsNewRun(ctx, current)) {
    return startRun(ctx, 'prePromotion', analysis);
  }
  return current;
}

/** `skipPostPromotionAnalysisRun`: none until the new ReplicaSet is active and saturated, none once it is stable. */
export function skipPostPromotionRun(ctx: TickContext): boolean {
  return (
    ctx.prev.stableRS === ctx.newHash ||
    ctx.prev.blueGreen.activeSelector !== ctx.newHash ||
    !isSaturated(ctx.spec, ctx.newRS)
  );
}

function reconcilePostPromotionRun(
  ctx: TickContext,
  current?: CurrentRun,
): CurrentRun | undefined {
  if (ctx.spec.strategy.kind !== 'blueGreen') return undefined;
  const analysis = ctx.spec.strategy.postPromotionAnalysis;
  if (!analysis) {
    terminateRuns(ctx, [current]);
    return undefined;
  }
  if (skipPostPromotionRun(ctx)) {
    terminateRuns(ctx, [current]);
    return current;
  }
  if (getPauseCondition(ctx.prev, 'InconclusiveAnalysisRun')) return current;
  if (needsNewRun(ctx, current)) {
    return startRun(ctx, 'postPromotion', analysis);
  }
  return current;
}

function toStatus(run: CurrentRun): ArgoRolloutAnalysisRunStatus {
  return {
    name: run.name,
    status: run.phase,
    ...(run.message ? { message: run.message } : {}),
    ...(run.stepIndex !== undefined ? { stepIndex: run.stepIndex } : {}),
  };
}

/** `SetCurrentAnalysisRuns`: the new status names the runs the rollout waits on. */
function recordRuns(
  ctx: TickContext,
  next: ArgoRolloutStatus,
  runs: CurrentRuns,
): void {
  if (ctx.spec.strategy.kind === 'canary') {
    if (runs.background)
      next.canary.currentBackgroundAnalysisRunStatus = toStatus(
        runs.background,
      );
    if (runs.step)
      next.canary.currentStepAnalysisRunStatus = toStatus(runs.step);
  } else {
    if (runs.prePromotion)
      next.blueGreen.prePromotionAnalysisRunStatus = toStatus(
        runs.prePromotion,
      );
    if (runs.postPromotion)
      next.blueGreen.postPromotionAnalysisRunStatus = toStatus(
        runs.postPromotion,
      );
  }
}

/** `emitAnalysisRunStatusChanges`: an event when a run the rollout waits on changes phase. */
function emitStatusChange(
  ctx: TickContext,
  previous: ArgoRolloutAnalysisRunStatus | undefined,
  run: CurrentRun | undefined,
  kind: ArgoAnalysisRunKind,
): void {
  if (!run || run.phase === '') return;
  if (
    previous &&
    !(previous.name === run.name && previous.status !== run.phase)
  ) {
    return;
  }
  recordEvent(
    ctx,
    `AnalysisRun${run.phase}`,
    messages.analysisRunStatus(
      typeLabels[kind],
      run.name,
      run.phase,
      previous ? previous.status : 'NoPreviousStatus',
    ),
    run.phase === 'Failed' || run.phase === 'Error' ? 'Warning' : 'Normal',
  );
}

/**
 * `reconcileAnalysisRuns`: after it, `next` names the runs the rollout
 * waits on, the pause context holds their verdicts, and the actions
 * start and terminate runs. Returns the runs it settled on.
 */
export function reconcileAnalysisRuns(
  ctx: TickContext,
  next: ArgoRolloutStatus,
): CurrentRuns {
  const prev = ctx.prev;
  const current = currentRunsOf(ctx);
  const currentNames = new Set(
    Object.values(current)
      .filter((r): r is CurrentRun => r !== undefined)
      .map(r => r.name),
  );
  const others: CurrentRun[] = Object.entries(ctx.obs.analysisRuns)
    .filter(([name]) => !currentNames.has(name))
    .map(([name, run]) => ({ name, phase: run.phase }));

  if (
    ctx.pause.isAborted() ||
    prev.promoteFull ||
    hasScaleDownDeadline(ctx, ctx.newHash) ||
    prev.stableRS === '' ||
    isRollbackWithinWindow(ctx)
  ) {
    recordRuns(ctx, next, current);
    terminateRuns(ctx, [...Object.values(current), ...others]);
    return current;
  }

  const settled: CurrentRuns = {};
  if (ctx.spec.strategy.kind === 'canary') {
    settled.step = reconcileStepRun(ctx, current.step);
    settled.background = reconcileBackgroundRun(ctx, current.background);
  } else {
    settled.prePromotion = reconcilePrePromotionRun(ctx, current.prePromotion);
    judge(ctx, settled.prePromotion);
    settled.postPromotion = reconcilePostPromotionRun(
      ctx,
      current.postPromotion,
    );
    judge(ctx, settled.postPromotion);
  }
  recordRuns(ctx, next, settled);

  const settledNames = new Set(
    Object.values(settled)
      .filter((r): r is CurrentRun => r !== undefined)
      .map(r => r.name),
  );
  terminateRuns(
    ctx,
    others.filter(run => !settledNames.has(run.name)),
  );

  emitStatusChange(
    ctx,
    prev.blueGreen.postPromotionAnalysisRunStatus,
    settled.postPromotion,
    'postPromotion',
  );
  emitStatusChange(
    ctx,
    prev.blueGreen.prePromotionAnalysisRunStatus,
    settled.prePromotion,
    'prePromotion',
  );
  emitStatusChange(
    ctx,
    prev.canary.currentStepAnalysisRunStatus,
    settled.step,
    'step',
  );
  emitStatusChange(
    ctx,
    prev.canary.currentBackgroundAnalysisRunStatus,
    settled.background,
    'background',
  );
  return settled;
}
