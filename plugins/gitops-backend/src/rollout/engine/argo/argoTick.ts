import type { TickRecorder } from '../ports';
import type { RolloutState } from '../types';
import { isCompleted, terminateAnalysisRun } from '../../argo/analysis';
import type { AnalysisRunState } from '../../argo/analysis/types';
import { planArgoStep } from '../../argo/controller';
import type { ArgoObservations, ArgoPlan } from '../../argo/controller/types';
import { applyPlan } from './applyPlan';
import { recordMeasurements } from './checks';
import { listReplicaSets, observeForPlan, readTemplate } from './observe';
import { takeArgoRequests } from './requests';
import { pruneRuns } from './retention';
import { restartPods } from './restartPods';
import type { ArgoRolloutState } from './state';
import { mirrorArgoStatus, trackRun } from './summary';
import type { ActiveArgoRollout, ArgoTickDeps } from './types';

type ArgoRuns = ArgoRolloutState['runs'];

/**
 * One reconcile of an Argo Rollout, as Argo's controller runs one: read the
 * ReplicaSets and the AnalysisRuns, take due measurements, plan
 * (`planArgoStep`), apply the plan to the cluster, and keep Argo's status
 * in the state. Returns when the next reconcile is due, if a clock decides
 * it (a timed pause, a measurement); undefined when only the cluster can
 * move the rollout, which the engine then polls for.
 */
export async function runArgoTick(
  rollout: ActiveArgoRollout,
  state: RolloutState,
  deps: ArgoTickDeps,
  log: TickRecorder,
  signal: AbortSignal,
): Promise<number | undefined> {
  const now = deps.now().getTime();
  const runs: ArgoRuns = { ...state.argo?.runs };
  const template = await readTemplate(rollout);
  const replicaSets = await listReplicaSets(
    rollout.cluster,
    rollout.namespace,
    rollout.rollout,
  );

  const measured = await measure(rollout, runs, deps, signal);
  await recordMeasurements(log, state, measured.taken);

  const requestsBefore = { ...state.requests };
  const observations: ArgoObservations = {
    podTemplateHash: template.hash,
    replicaSets: replicaSets.map(observeForPlan),
    analysisRuns: Object.fromEntries(
      Object.entries(runs).map(([name, r]) => [
        name,
        { phase: r.run.phase, message: r.run.message },
      ]),
    ),
    requests: takeArgoRequests(state),
    ...(state.argo?.weightVerified !== undefined
      ? { weightVerified: state.argo.weightVerified }
      : {}),
  };
  const plan = planArgoStep(
    rollout.spec,
    state.argo?.status,
    observations,
    now,
  );
  let applied: { weightVerified?: boolean };
  try {
    applied = await applyPlan(rollout, plan, { template, replicaSets, deps });
  } catch (error) {
    // The plan is not kept: the next reconcile plans again, with the
    // requests. The measurements taken are: they happened.
    state.requests = requestsBefore;
    if (state.argo) state.argo = { ...state.argo, runs };
    throw error;
  }
  state.requests.paused = plan.status.pausedByUser;
  const pendingRestart = state.argo?.restartPending;
  state.argo = {
    status: plan.status,
    runs,
    desiredReplicas: rollout.spec.replicas,
    runOpen: state.argo?.runOpen ?? false,
    ...(applied.weightVerified !== undefined
      ? { weightVerified: applied.weightVerified }
      : {}),
  };
  await trackRun(state, log, observations.requests ?? []);

  const restart = plan.actions.restartPods?.createdBefore ?? pendingRestart;
  if (restart && (await restartPods(rollout, restart)))
    state.argo.restartPending = restart;
  const started = await startRuns(rollout, plan, runs, deps);
  for (const name of plan.actions.terminateAnalysisRuns) {
    const record = runs[name];
    if (record) record.run = terminateAnalysisRun(record.run, now);
  }
  // New runs measure at once, as Argo's do when they are created.
  const first = started.length
    ? await measure(rollout, runs, deps, signal, started)
    : { taken: [], nextDueAt: undefined };
  await recordMeasurements(log, state, first.taken);
  state.argo.runs = pruneRuns(runs, plan.status, rollout.spec);

  for (const event of plan.actions.events)
    await log.event(state, event.message, event.type);
  mirrorArgoStatus(state, rollout.spec, deps.now().toISOString());
  return earliest(plan.nextTickAt, measured.nextDueAt, first.nextDueAt);
}

/** Takes the measurements due now of the runs still running (or of `only`). */
async function measure(
  rollout: ActiveArgoRollout,
  runs: ArgoRuns,
  deps: ArgoTickDeps,
  signal: AbortSignal,
  only?: string[],
) {
  const running: Record<string, AnalysisRunState> = {};
  for (const [name, record] of Object.entries(runs)) {
    if (only && !only.includes(name)) continue;
    if (!isCompleted(record.run.phase)) running[name] = record.run;
  }
  if (!Object.keys(running).length) return { taken: [], nextDueAt: undefined };
  const advanced = await deps.runs.advance(rollout, running, signal);
  for (const [name, run] of Object.entries(advanced.runs))
    runs[name] = { ...runs[name], run };
  return advanced;
}

async function startRuns(
  rollout: ActiveArgoRollout,
  plan: ArgoPlan,
  runs: ArgoRuns,
  deps: ArgoTickDeps,
): Promise<string[]> {
  const names: string[] = [];
  for (const toStart of plan.actions.startAnalysisRuns) {
    if (runs[toStart.name]) continue;
    runs[toStart.name] = {
      kind: toStart.kind,
      ...(toStart.stepIndex !== undefined
        ? { stepIndex: toStart.stepIndex }
        : {}),
      podTemplateHash: toStart.podTemplateHash,
      run: await deps.runs.start(rollout, toStart),
    };
    names.push(toStart.name);
  }
  return names;
}

function earliest(...times: Array<number | undefined>): number | undefined {
  const known = times.filter((t): t is number => t !== undefined);
  return known.length ? Math.min(...known) : undefined;
}
