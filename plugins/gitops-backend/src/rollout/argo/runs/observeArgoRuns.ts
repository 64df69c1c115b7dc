import type { AnalysisRunState } from '../analysis';
import type { ArgoAnalysisRunObservation } from '../controller';

/** What the controller reads of each run (`ArgoObservations.analysisRuns`): its phase and message. */
export function observeArgoRuns(
  runs: Record<string, AnalysisRunState>,
): Record<string, ArgoAnalysisRunObservation> {
  return Object.fromEntries(
    Object.entries(runs).map(([name, run]) => [
      name,
      run.message === undefined
        ? { phase: run.phase }
        : { phase: run.phase, message: run.message },
    ]),
  );
}
