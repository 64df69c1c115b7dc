import { terminateAnalysisRun } from '../analysis';
import type { AnalysisRunState } from '../analysis';

/**
 * The controller's `terminateAnalysisRuns`, applied at `now`: each named run
 * still going measures nothing more and settles (`Run Terminated`,
 * Successful unless a metric already passed a limit). Names of runs not
 * held, and runs already completed, are left as they are.
 */
export function terminateArgoRuns(
  runs: Record<string, AnalysisRunState>,
  names: readonly string[],
  now: number,
): Record<string, AnalysisRunState> {
  const next = { ...runs };
  for (const name of names) {
    const run = next[name];
    if (run) next[name] = terminateAnalysisRun(run, now);
  }
  return next;
}
