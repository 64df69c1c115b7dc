import {
  failAnalysisRun,
  nextMeasurements,
  readSecretArgs,
  recordMeasurements,
} from '../analysis';
import type {
  AnalysisRunState,
  ArgValues,
  MeasurementOutcome,
  MetricResult,
} from '../analysis';
import { boundedMap } from './boundedMap';
import { secretKeyReader } from './secretKeyReader';
import { takeMeasurement } from './takeMeasurement';
import type { AdvancedArgoRuns, ArgoRunsDeps, TakenMeasurement } from './types';

/** Measurements in flight at once when `maxConcurrentMeasurements` is unset. */
export const DEFAULT_MAX_CONCURRENT_MEASUREMENTS = 8;

/** A run with metrics due now, and its Secret values for this round only. */
interface Round {
  name: string;
  run: AnalysisRunState;
  due: string[];
  secrets: ArgValues;
}

const recordedCount = (result: MetricResult | undefined) =>
  result ? result.count + result.error : 0;

/** The measurement each due metric got in this round, as the run stored it. */
function takenIn(
  round: Round,
  after: AnalysisRunState,
  durations: Map<string, number>,
): TakenMeasurement[] {
  const taken: TakenMeasurement[] = [];
  for (const metric of round.due) {
    const before = round.run.metricResults.find(r => r.name === metric);
    const result = after.metricResults.find(r => r.name === metric);
    if (!result || recordedCount(result) <= recordedCount(before)) continue;
    const last = result.measurements[result.measurements.length - 1];
    taken.push({
      run: round.name,
      metric,
      phase: last.phase,
      ...(last.value !== undefined ? { value: last.value } : {}),
      ...(last.message !== undefined ? { message: last.message } : {}),
      dryRun: result.dryRun,
      startedAt: last.startedAt,
      finishedAt: last.finishedAt,
      durationMs: durations.get(metric) ?? 0,
    });
  }
  return taken;
}

/** The earliest time a run still going has a measurement due; `at` when one is due already. */
function earliestDue(
  runs: Record<string, AnalysisRunState>,
  at: number,
): number | undefined {
  let earliest: number | undefined;
  for (const run of Object.values(runs)) {
    const { due, nextAt } = nextMeasurements(run, at);
    const when = due.length > 0 ? at : nextAt;
    if (when !== undefined && (earliest === undefined || when < earliest))
      earliest = when;
  }
  return earliest;
}

/**
 * One reconcile of the rollout's AnalysisRuns, as Argo's analysis
 * controller makes it: for each run still going with metrics due now
 * (`nextMeasurements`), its Secret arguments are read again from the
 * rollout's namespace, every due metric is measured over HTTP through the
 * outbound guard (all runs' measurements at once, at most
 * `maxConcurrentMeasurements` in flight), and each run's round is recorded
 * together (`recordMeasurements`: conditions, limits, phase). A Secret that
 * cannot be read ends the run in Error (`Unable to resolve metric
 * arguments: …`), as in Argo. Failed requests are Error measurements,
 * which `consecutiveErrorLimit` judges; nothing throws but an abort of
 * `deps.signal`, so an aborted tick records nothing.
 *
 * Returns every run (JSON-safe, no Secret values), the measurements taken,
 * and when the next one is due: call again then, or at once after
 * starting or terminating a run.
 */
export async function advanceArgoRuns(
  runs: Record<string, AnalysisRunState>,
  deps: ArgoRunsDeps,
): Promise<AdvancedArgoRuns> {
  const now = deps.now();
  const readSecret = secretKeyReader(deps.readSecret, deps.namespace);
  const next: Record<string, AnalysisRunState> = { ...runs };

  const rounds: Round[] = [];
  for (const [name, run] of Object.entries(runs)) {
    const { due } = nextMeasurements(run, now);
    if (due.length === 0) continue;
    const secrets = await readSecretArgs(run.spec.args, readSecret);
    if (deps.signal?.aborted) throw deps.signal.reason;
    if (secrets.error !== undefined) {
      next[name] = failAnalysisRun(
        run,
        `Unable to resolve metric arguments: ${secrets.error}`,
        now,
      );
      continue;
    }
    rounds.push({ name, run, due, secrets: secrets.values });
  }

  const tasks = rounds.flatMap(round =>
    round.due.map(metric => ({ round, metric })),
  );
  const outcomes = await boundedMap(
    tasks,
    deps.maxConcurrentMeasurements ?? DEFAULT_MAX_CONCURRENT_MEASUREMENTS,
    async ({ round, metric }) => {
      const outcome = await takeMeasurement(
        round.run,
        metric,
        round.secrets,
        deps,
      );
      return { outcome, durationMs: deps.now() - outcome.startedAt };
    },
  );
  const finishedAt = deps.now();

  const taken: TakenMeasurement[] = [];
  for (const round of rounds) {
    const measurements: { metric: string; outcome: MeasurementOutcome }[] = [];
    const durations = new Map<string, number>();
    tasks.forEach((task, i) => {
      if (task.round !== round) return;
      measurements.push({ metric: task.metric, outcome: outcomes[i].outcome });
      durations.set(task.metric, outcomes[i].durationMs);
    });
    const recorded = recordMeasurements(round.run, measurements, finishedAt, {
      secrets: round.secrets,
    });
    next[round.name] = recorded;
    taken.push(...takenIn(round, recorded, durations));
  }

  const nextDueAt = earliestDue(next, finishedAt);
  return nextDueAt === undefined
    ? { runs: next, taken }
    : { runs: next, taken, nextDueAt };
}
